using MathNet.Numerics.Distributions;

namespace Rapport.Core.Marketing.Campaigns;

/// <summary>The two-proportion z-test an A/B winner has to pass: are <c>x1/n1</c> and <c>x2/n2</c> different by more
/// than chance would make them? Pooled standard error (the null hypothesis says the two rates are one), two-sided.</summary>
public static class Significance
{
    /// <summary>z (positive when the second rate is higher) and the two-sided p-value; (0, 1) when there is nothing to compare.</summary>
    public static (double Z, double P) TwoProportion(int x1, int n1, int x2, int n2)
    {
        if (n1 <= 0 || n2 <= 0) return (0, 1);
        var pooled = (double)(x1 + x2) / (n1 + n2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) return (0, 1);
        var z = ((double)x2 / n2 - (double)x1 / n1) / se;
        return (z, 2 * (1 - Normal.CDF(0, 1, Math.Abs(z))));
    }

    /// <summary>The leader among the variants (by rate) against every other one: significant only when it beats each
    /// at <c>1 - confidence</c> split over the comparisons (Bonferroni), so more variants do not mean more luck. The
    /// figures returned are those against the runner-up. Null with fewer than two variants.</summary>
    public static (int Leader, int RunnerUp, double Z, double P, double Alpha, bool Significant)? Leader(
        IReadOnlyList<(int Successes, int Trials)> variants, double confidence)
    {
        if (variants.Count < 2) return null;
        static double Rate((int S, int N) v) => v.N == 0 ? 0 : (double)v.S / v.N;
        var order = Enumerable.Range(0, variants.Count).OrderByDescending(i => Rate(variants[i])).ThenBy(i => i).ToList();
        var leader = order[0];
        var alpha = (1 - confidence) / (variants.Count - 1);
        var significant = order.Skip(1).All(i =>
        {
            var (z, p) = TwoProportion(variants[i].Successes, variants[i].Trials, variants[leader].Successes, variants[leader].Trials);
            return z > 0 && p < alpha;
        });
        var runnerUp = order[1];
        var (z2, p2) = TwoProportion(variants[runnerUp].Successes, variants[runnerUp].Trials, variants[leader].Successes, variants[leader].Trials);
        return (leader, runnerUp, z2, p2, alpha, significant);
    }
}
