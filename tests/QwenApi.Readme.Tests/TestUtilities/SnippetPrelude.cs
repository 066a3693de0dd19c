namespace QwenApi.Readme.Tests;

/// <summary>
/// What every snippet may assume, compiled beside it: the namespaces a reader's app imports, and the locals, types and
/// methods the README's fragments name without declaring (as properties of a class imported with <c>using static</c>,
/// so a snippet that declares its own <c>client</c> or <c>builder</c> simply shadows ours). Add here what a new snippet
/// assumes; keep it to what a reader would obviously have.
/// </summary>
internal static class SnippetPrelude
{
    public const string Source = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Text.Json;
        global using System.Threading;
        global using System.Threading.RateLimiting;
        global using System.Threading.Tasks;
        global using Microsoft.Agents.AI;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.Extensions.AI;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.SemanticKernel;
        global using Microsoft.SemanticKernel.ChatCompletion;
        global using QwenApi.Extensions.AI;
        global using QwenApi.Extensions.AI.Redis;
        global using QwenApi.SemanticKernel;
        global using QwenApi.Testing;
        global using StackExchange.Redis;
        global using static SnippetLocals;

        // Names both MEAI (or Agent Framework) and Semantic Kernel export: an alias outranks the namespace imports, so
        // the MEAI type wins, as in an MEAI app. An SK snippet that means SK's type names it in full.
        global using AIContext = Microsoft.Agents.AI.AIContext;
        global using AIContextProvider = Microsoft.Agents.AI.AIContextProvider;
        global using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;
        global using FunctionInvocationContext = Microsoft.Extensions.AI.FunctionInvocationContext;
        global using FunctionResultContent = Microsoft.Extensions.AI.FunctionResultContent;
        global using TextContent = Microsoft.Extensions.AI.TextContent;

        internal static class SnippetLocals
        {
            public static string apiKey => throw new NotSupportedException();
            public static string key => throw new NotSupportedException();
            public static WebApplicationBuilder builder => throw new NotSupportedException();
            public static IServiceCollection services => throw new NotSupportedException();
            public static IChatClient client => throw new NotSupportedException();
            public static ChatHistory history => throw new NotSupportedException();
            public static QwenClientOptions options => throw new NotSupportedException();
            public static QwenSimulator simulator => throw new NotSupportedException();

            public static string GetWeather(string location) => $"Sunny in {location}";
        }

        public sealed class LightsPlugin
        {
            [KernelFunction]
            public string TurnOn() => "on";
        }

        public sealed record Recipe(string Name, string[] Steps);

        public sealed class MyHandler : DelegatingHandler;
        """;
}
