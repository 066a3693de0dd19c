using System.Globalization;
using System.Text;

namespace QwenApi.Testing;

/// <summary>
/// Deterministic stand-in embeddings: the sum of a pseudo-random direction per feature of the text (each lower-cased
/// word, each character trigram of a word, and the whole text), L2-normalised. The same text always gets the same
/// vector; texts sharing words and word pieces point closer together than unrelated ones; a shorter vector is the
/// normalised prefix of a longer one (as Qwen's Matryoshka-style <c>dimensions</c> are).
/// </summary>
internal static class EmbeddingVectors
{
    private const double WordWeight = 1.0;
    private const double TrigramWeight = 0.35;
    private const double TextWeight = 0.5;

    public static float[] Create(string text, int dimensions)
    {
        double[] sum = new double[dimensions];
        foreach (string word in Words(text))
        {
            Add(sum, "w:" + word, WordWeight);
            string padded = "^" + word + "$";
            for (int i = 0; i + 3 <= padded.Length; i++)
            {
                Add(sum, "t:" + padded.Substring(i, 3), TrigramWeight);
            }
        }

        // The whole text tells apart texts with the same words in another order, and gives text without words a direction.
        Add(sum, "x:" + text, TextWeight);

        double norm = Math.Sqrt(sum.Sum(v => v * v));
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++)
        {
            vector[i] = (float)(sum[i] / norm);
        }

        return vector;
    }

    private static IEnumerable<string> Words(string text)
    {
        StringBuilder word = new();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                _ = word.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                _ = word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }

    // Adds weight times the feature's direction: values in [-1, 1) from SplitMix64 seeded with the feature's FNV-1a hash.
    private static void Add(double[] sum, string feature, double weight)
    {
        ulong state = 14695981039346656037UL;
        foreach (char c in feature)
        {
            state = (state ^ c) * 1099511628211UL;
        }

        for (int i = 0; i < sum.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            ulong z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            sum[i] += weight * (((z >> 11) * (1.0 / (1UL << 53)) * 2) - 1);
        }
    }
}
