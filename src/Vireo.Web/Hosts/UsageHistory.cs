namespace Vireo.Web.Hosts;

/// <summary>The last <see cref="Length"/> samples of a figure, oldest first (the sparklines and graphs).</summary>
public sealed class UsageHistory
{
    public const int Length = 40;
    private readonly Queue<double> _samples = new();

    public void Add(double value)
    {
        _samples.Enqueue(value);
        while (_samples.Count > Length) _samples.Dequeue();
    }

    public double[] ToArray() => [.. _samples];
}
