using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;

namespace QwenApi.Extensions.AI;

/// <summary>
/// Keeps Microsoft.Extensions.Http.Resilience handlers off the Qwen client's named <see cref="HttpClient"/>.
/// <c>AddStandardResilienceHandler()</c> (often applied to every client through <c>ConfigureHttpClientDefaults</c>, as the
/// .NET Aspire service defaults do) retries on top of the client's own retries, so one call could become sixteen, and
/// cuts every stream at its 30-second total timeout. The client already retries, with rules that never repeat a
/// token; so those handlers are removed from this one client, with a warning, instead of failing an app that added
/// them to all of its clients. Handlers of other kinds (yours) stay and run on every attempt.
/// </summary>
internal sealed class ForeignResilienceRemover(string httpClientName)
{
    private const string ResilienceHandlerType = "Microsoft.Extensions.Http.Resilience.ResilienceHandler";
    private int _warned;

    public void Apply(HttpMessageHandlerBuilder builder)
    {
        IList<DelegatingHandler> handlers = builder.AdditionalHandlers;
        for (int i = handlers.Count - 1; i >= 0; i--)
        {
            if (!IsResilienceHandler(handlers[i].GetType()))
            {
                continue;
            }

            handlers.RemoveAt(i);
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                ILogger? logger = builder.Services.GetService<ILoggerFactory>()?.CreateLogger("QwenApi.Extensions.AI.QwenChatClient");
                if (logger is not null)
                {
                    Log.ResilienceHandlerRemoved(logger, httpClientName);
                }
            }
        }
    }

    private static bool IsResilienceHandler(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == ResilienceHandlerType)
            {
                return true;
            }
        }

        return false;
    }
}
