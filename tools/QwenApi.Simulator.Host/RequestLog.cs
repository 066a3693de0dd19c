using System.Text;
using QwenApi.Testing;

namespace QwenApi.Simulator.Host;

/// <summary>
/// The <c>--record</c> file: one <see cref="SimulatorRequest.ToJson"/> line per request, appended and flushed before
/// the request is answered, so a client that has its answer finds its request in the file.
/// </summary>
internal sealed class RequestLog : IDisposable
{
    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;

    /// <exception cref="IOException">The file cannot be opened for appending.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public RequestLog(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
    }

    public void Append(SimulatorRequest request)
    {
        var line = request.ToJson();
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
