using System.Text;

namespace Vireo.Shell.Runtime;

/// <summary>
/// Asks for SASL credentials on the terminal, as virsh's default auth callback does ("PROMPT: ", the password
/// not echoed). Without a terminal there is nobody to ask: the connection then fails with a clear error.
/// </summary>
public static class TerminalPrompt
{
    public static string? Ask(string prompt, bool secret)
    {
        if (Console.IsInputRedirected) return null;
        Console.Error.Write(prompt + ": ");
        if (!secret) return Console.ReadLine();
        var sb = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; continue; }
            sb.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return sb.ToString();
    }
}
