using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace QwenApi.Extensions.AI;

/// <summary>One-line argument checks that name the argument and keep call sites short.</summary>
internal static class Throw
{
    public static T IfNull<T>([NotNull] T? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        where T : class
    {
        if (argument is null)
        {
            ArgumentNullException(paramName);
        }

        return argument;
    }

    [DoesNotReturn]
    public static void ArgumentNullException(string? paramName) =>
        throw new ArgumentNullException(paramName);

    [DoesNotReturn]
    public static void ArgumentException(string? paramName, string message) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ArgumentOutOfRangeException(string? paramName, object? actualValue, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, message);

    [DoesNotReturn]
    public static void NotSupportedException(string message) =>
        throw new NotSupportedException(message);

    [DoesNotReturn]
    public static void InvalidOperationException(string message) =>
        throw new InvalidOperationException(message);
}
