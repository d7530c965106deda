namespace Vireo.Install.Media;

/// <summary>virt-install's download meter: redrawn in place on a terminal, one final line otherwise.</summary>
public sealed class ProgressBar(TextWriter output, string label, long? total)
{
    private readonly bool _tty = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
    private int _lastPercent = -1;

    public void Report(long done)
    {
        if (!_tty || total is not > 0)
            return;
        int percent = (int)(done * 100 / total.Value);
        if (percent == _lastPercent)
            return;
        _lastPercent = percent;
        int width = 30, filled = percent * width / 100;
        output.Write($"\r{label,-40} {percent,3}% [{new string('=', filled)}{new string(' ', width - filled)}] {Size(done)}");
    }

    public void Finish(long done)
    {
        if (_tty)
            output.Write("\r");
        output.WriteLine($"{label,-40} | {Size(done)} 00:00:00 ...");
    }

    private static string Size(long b) => b >= 1 << 20 ? $"{b / (1024.0 * 1024):0.0} MB" : $"{b / 1024.0:0.0} kB";
}
