using Microsoft.Extensions.AI;
using QwenApi.Extensions.AI;
using StackExchange.Redis;

// Usage: Peer <endpoint> <apiKey> <redis> <keyPrefix> <requestsPerMinute> <prompt>...
// Sends each prompt in turn through a client whose limits and pauses are shared through Redis, and prints one line per
// prompt: "ok", "limited" (refused on the client side: nothing sent), "429" (the server refused it), or the exception type.
if (args.Length < 6)
{
    Console.Error.WriteLine("usage: Peer <endpoint> <apiKey> <redis> <keyPrefix> <requestsPerMinute> <prompt>...");
    return 2;
}

using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(args[2]);
QwenClientOptions options = new QwenClientOptions
{
    ApiKey = args[1],
    Endpoint = new Uri(args[0]),
    ModelId = "qwen-plus",
    MaxRetries = 0,
    OverallTimeout = TimeSpan.FromSeconds(10),
}.UseRedisRateLimiting(redis, limits =>
{
    limits.KeyPrefix = args[3];
    limits.RequestsPerMinute = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
});
using var client = new QwenChatClient(options);
foreach (string prompt in args[5..])
{
    try
    {
        _ = await client.GetResponseAsync(prompt);
        Console.WriteLine("ok");
    }
    catch (QwenRateLimitException ex)
    {
        Console.WriteLine(ex.StatusCode is null ? "limited" : "429");
    }
    catch (QwenApiException ex)
    {
        Console.WriteLine(ex.GetType().Name);
    }
}

return 0;
