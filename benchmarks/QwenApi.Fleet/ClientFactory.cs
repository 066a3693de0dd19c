using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using QwenApi.Extensions.AI;

namespace QwenApi.Fleet;

/// <summary>Builds a worker's client for its mode, as a user would, over an HTTP handler that counts attempts and 429s.</summary>
internal static class ClientFactory
{
    public static async Task<IChatClient> CreateAsync(string mode, Uri endpoint, FleetArguments arguments, HttpCounts counts)
    {
        var http = new HttpClient(new CountingHandler(counts)) { Timeout = Timeout.InfiniteTimeSpan };
        if (mode == FleetModes.OpenAI)
        {
            return new OpenAI.Chat.ChatClient(FleetPlan.Model, new ApiKeyCredential(arguments.Key), new OpenAIClientOptions
            {
                Endpoint = endpoint,
                Transport = new HttpClientPipelineTransport(http),
            }).AsIChatClient();
        }

        var options = new QwenClientOptions { ApiKey = arguments.Key, Endpoint = endpoint, ModelId = FleetPlan.Model };
        switch (mode)
        {
            case FleetModes.Local:
                // What one process does alone: it believes it has the whole key (the coordinator's in-memory windows).
                options.RateLimitCoordinator = new QwenRateLimitCoordinator(new QwenRateLimitOptions
                {
                    RequestsPerMinute = arguments.RequestsPerMinute,
                    TokensPerMinute = arguments.TokensPerMinute,
                    TokenAccounting = arguments.Accounting == "usage" ? QwenTokenAccounting.Usage : QwenTokenAccounting.Admission,
                });
                options.OverallTimeout = TimeSpan.FromMinutes(5);
                break;
            case FleetModes.Redis:
                options.OverallTimeout = TimeSpan.FromMinutes(5);
                options = await RedisMode.ConfigureAsync(options, arguments.Redis ?? throw new ArgumentException("redis mode needs --redis HOST:PORT."),
                    arguments.RequestsPerMinute, arguments.TokensPerMinute,
                    arguments.Accounting == "usage" ? QwenTokenAccounting.Usage : QwenTokenAccounting.Admission);
                break;
            default:
                break;
        }

        return new QwenChatClient(options, http);
    }
}
