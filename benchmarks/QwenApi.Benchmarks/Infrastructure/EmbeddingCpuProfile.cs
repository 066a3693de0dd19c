using System.Globalization;
using Microsoft.Extensions.AI;
using QwenApi.Benchmarks.Server;
using QwenApi.Extensions.AI;

namespace QwenApi.Benchmarks.Infrastructure;

/// <summary>
/// <c>--cpu-embeddings</c>: process CPU time, wall time and bytes per vector of the embedding generators (OpenAI, Qwen's
/// default base64, Qwen asking for floats, and the floor: HttpClient and a base64 decode), 1 and 10 inputs,
/// over the loopback server and in memory, the two clients alternating case by case (<see cref="CpuProfile"/>'s method).
/// </summary>
public static class EmbeddingCpuProfile
{
    public static async Task RunAsync(TimeSpan perCase)
    {
        using ServerProcess server = ServerProcess.Start();
        IReadOnlyDictionary<string, Payload> all = Payloads.All();
        List<(string Name, int Inputs, IEmbeddingGenerator<string, Embedding<float>> OpenAI, IEmbeddingGenerator<string, Embedding<float>> Qwen, IEmbeddingGenerator<string, Embedding<float>> QwenFloat, IEmbeddingGenerator<string, Embedding<float>> Floor)> cases = [];
        foreach (int inputs in new[] { 1, 10 })
        {
            string payload = "emb-" + inputs;
            cases.Add(($"loopback, {inputs} input(s)", inputs, EmbeddingClients.OpenAI(server.Endpoint(payload)), EmbeddingClients.Qwen(server.Endpoint(payload)),
                EmbeddingClients.Qwen(server.Endpoint(payload), QwenEmbeddingEncoding.Float), new FloorEmbeddingGenerator(server.Endpoint(payload))));
            var memory = new Uri("http://127.0.0.1:1/v1");
            cases.Add(($"memory, {inputs} input(s)", inputs,
                EmbeddingClients.OpenAI(memory, new EmbeddingsInMemoryHandler(all[payload], all[payload + EmbeddingPayloads.Base64Suffix])),
                EmbeddingClients.Qwen(memory, new EmbeddingsInMemoryHandler(all[payload], all[payload + EmbeddingPayloads.Base64Suffix])),
                EmbeddingClients.Qwen(memory, new EmbeddingsInMemoryHandler(all[payload], all[payload + EmbeddingPayloads.Base64Suffix]), QwenEmbeddingEncoding.Float),
                new FloorEmbeddingGenerator(memory, new EmbeddingsInMemoryHandler(all[payload], all[payload + EmbeddingPayloads.Base64Suffix]))));
        }

        try
        {
            foreach ((_, int inputs, IEmbeddingGenerator<string, Embedding<float>> openAI, IEmbeddingGenerator<string, Embedding<float>> qwen, IEmbeddingGenerator<string, Embedding<float>> qwenFloat, IEmbeddingGenerator<string, Embedding<float>> floor) in cases)
            {
                Verification.Embeddings(qwen, openAI, inputs);
                Verification.Embeddings(qwenFloat, openAI, inputs);
                Verification.EmbeddingVectors("floor", floor, inputs);
            }

            Console.WriteLine("| case | client | CPU µs/vector | wall µs/vector | bytes/vector |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
            foreach ((string name, int inputs, IEmbeddingGenerator<string, Embedding<float>> openAI, IEmbeddingGenerator<string, Embedding<float>> qwen, IEmbeddingGenerator<string, Embedding<float>> qwenFloat, IEmbeddingGenerator<string, Embedding<float>> floor) in cases)
            {
                string[] values = EmbeddingClients.Inputs(inputs);
                foreach ((string client, IEmbeddingGenerator<string, Embedding<float>> generator) in new[]
                    { ("OpenAIEmbeddingGenerator", openAI), ("QwenEmbeddingGenerator", qwen), ("QwenEmbeddingGenerator (Float)", qwenFloat), ("floor", floor) })
                {
                    (double cpu, double wall, double bytes) = await CpuProfile.MeasureAsync(() => EmbeddingClients.GenerateAsync(generator, values), perCase);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {client} | {cpu / inputs:0.0} | {wall / inputs:0.0} | {bytes / inputs:0} |"));
                }
            }
        }
        finally
        {
            foreach ((_, _, IEmbeddingGenerator<string, Embedding<float>> openAI, IEmbeddingGenerator<string, Embedding<float>> qwen, IEmbeddingGenerator<string, Embedding<float>> qwenFloat, IEmbeddingGenerator<string, Embedding<float>> floor) in cases)
            {
                openAI.Dispose();
                qwen.Dispose();
                qwenFloat.Dispose();
                floor.Dispose();
            }
        }
    }
}
