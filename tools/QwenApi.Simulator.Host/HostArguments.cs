using System.Globalization;

namespace QwenApi.Simulator.Host;

/// <summary>The command line: <c>[--port N] [--api-key K] [--ignore-stdin] [--help]</c>.</summary>
internal sealed class HostArguments
{
    public const string Usage =
        "Usage: QwenApi.Simulator.Host [--port N] [--api-key KEY] [--ignore-stdin]\n" +
        "  --port N        loopback port to listen on (default 0: an ephemeral port)\n" +
        "  --api-key KEY   bearer key to accept (default sim-key)\n" +
        "  --ignore-stdin  keep running when standard input closes (stop with SIGTERM or Ctrl+C)\n" +
        "Prints one line 'Listening on http://127.0.0.1:PORT/v1' to stdout, then runs until standard input\n" +
        "closes, SIGTERM or Ctrl+C.";

    public int Port { get; private set; }

    public string ApiKey { get; private set; } = "sim-key";

    public bool IgnoreStdin { get; private set; }

    public bool ShowHelp { get; private set; }

    public static HostArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new HostArguments();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port":
                    var text = Value(args, ref i);
                    parsed.Port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
                        ? port
                        : throw new ArgumentException($"--port needs a number from 0 to 65535, not '{text}'.");
                    break;
                case "--api-key":
                    parsed.ApiKey = Value(args, ref i);
                    if (parsed.ApiKey.Length == 0)
                    {
                        throw new ArgumentException("--api-key needs a non-empty value.");
                    }

                    break;
                case "--ignore-stdin":
                    parsed.IgnoreStdin = true;
                    break;
                case "--help" or "-h" or "-?":
                    parsed.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return parsed;
    }

    private static string Value(IReadOnlyList<string> args, ref int index) =>
        ++index < args.Count ? args[index] : throw new ArgumentException($"{args[index - 1]} needs a value.");
}
