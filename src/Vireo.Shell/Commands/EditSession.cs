using System.Diagnostics;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Commands;

/// <summary>How an edit ended.</summary>
public enum EditOutcome
{
    /// <summary>The file came back unchanged: nothing was redefined.</summary>
    NotChanged,
    /// <summary>The object was redefined from the edited XML.</summary>
    Defined,
    /// <summary>Failed or abandoned (already reported).</summary>
    Failed,
}

/// <summary>
/// virsh-edit.c: writes the XML to $TMPDIR/virshXXXXXX.xml, runs $VISUAL, $EDITOR or vi on it, and redefines the
/// object only if the text changed (and nobody else changed it meanwhile). On a TTY a failure asks
/// "Try again? [y,n,i,f,?]" as virsh does.
/// </summary>
public static class EditSession
{
    /// <summary>Characters an $EDITOR may contain to be run directly rather than through sh -c.</summary>
    private const string AcceptedChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_.:@";

    public static async Task<EditOutcome> RunAsync(CommandContext ctx, Func<Task<string>> getXml, Func<string, Task> define,
        Action? relax = null, bool relaxAvailable = false)
    {
        string doc;
        try
        {
            doc = await getXml().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return EditOutcome.Failed;
        }
        string? tmp = WriteTemp(ctx, doc);
        if (tmp is null) return EditOutcome.Failed;
        try
        {
            while (true)
            {
                // reedit:
                if (!RunEditor(ctx, tmp)) return EditOutcome.Failed;
                string edited;
                try
                {
                    edited = File.ReadAllText(tmp);
                }
                catch (IOException e)
                {
                    ctx.Error($"{tmp}: failed to read temporary file: {e.Message}");
                    return EditOutcome.Failed;
                }
                if (doc == edited) return EditOutcome.NotChanged;

                while (true)
                {
                    // redefine:
                    string? msg = null;
                    string reread;
                    try
                    {
                        reread = await getXml().ConfigureAwait(false);
                    }
                    catch (LibvirtException e)
                    {
                        ctx.Save(e);
                        return EditOutcome.Failed;
                    }
                    if (doc != reread)
                    {
                        msg = "The XML configuration was changed by another user.";
                        doc = reread;
                    }
                    if (msg is null)
                    {
                        try
                        {
                            await define(edited).ConfigureAwait(false);
                            return EditOutcome.Defined;
                        }
                        catch (LibvirtException e)
                        {
                            ctx.Save(e);
                            msg = "Failed.";
                        }
                    }
                    char c = AskReedit(ctx, msg, relaxAvailable);
                    if (c == 'y') break;
                    if (c == 'f') continue;
                    if (c == 'n') return EditOutcome.Failed;
                    if (c == 'i' && relaxAvailable)
                    {
                        relax?.Invoke();
                        relaxAvailable = false;
                        continue;
                    }
                    ctx.Error(msg);
                    return EditOutcome.Failed;
                }
            }
        }
        finally
        {
            try { File.Delete(tmp); } catch (IOException) { /* already gone */ }
        }
    }

    private static string? WriteTemp(CommandContext ctx, string doc)
    {
        string dir = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t ? t : "/tmp";
        for (int attempt = 0; attempt < 100; attempt++)
        {
            string name = Path.Combine(dir, "virsh" + RandomSuffix() + ".xml");
            try
            {
                using var f = new FileStream(name, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                var bytes = new System.Text.UTF8Encoding(false).GetBytes(doc);
                f.Write(bytes);
                return name;
            }
            catch (IOException) when (File.Exists(name))
            {
                // name taken: try another
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ctx.Error($"g_mkstemp_full: failed to create temporary file: {e.Message}");
                return null;
            }
        }
        ctx.Error("g_mkstemp_full: failed to create temporary file: File exists");
        return null;
    }

    private static string RandomSuffix()
    {
        const string chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(6, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = chars[Random.Shared.Next(chars.Length)];
        });
    }

    /// <summary>vshEditFile: runs the editor with the terminal attached; false (reported) if it fails.</summary>
    private static bool RunEditor(CommandContext ctx, string file)
    {
        string editor = Environment.GetEnvironmentVariable("VISUAL") is { Length: > 0 } v ? v
            : Environment.GetEnvironmentVariable("EDITOR") is { Length: > 0 } e ? e : "vi";
        var psi = new ProcessStartInfo { UseShellExecute = false };
        string shown;
        if (editor.All(c => AcceptedChars.Contains(c)))
        {
            psi.FileName = editor;
            psi.ArgumentList.Add(file);
            shown = $"{editor} {file}";
        }
        else
        {
            if (!file.All(c => AcceptedChars.Contains(c)))
            {
                ctx.Error($"{file}: temporary filename contains shell meta or other unacceptable characters (is $TMPDIR wrong?)");
                return false;
            }
            psi.FileName = "sh";
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add($"{editor} {file}");
            shown = "sh -c '" + $"{editor} {file}".Replace("'", "'\\''") + "'";
        }
        ctx.Out.Flush();
        try
        {
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                ctx.Save(new LibvirtException(ErrorCode.InternalError, ErrorDomain.None,
                    $"internal error: Child process ({shown}) unexpected exit status {p.ExitCode}"));
                ctx.Session.ReportError();
                return false;
            }
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            ctx.Save(new LibvirtException(ErrorCode.SystemError, ErrorDomain.None, $"Cannot find '{editor}' in path: No such file or directory"));
            ctx.Session.ReportError();
            return false;
        }
    }

    /// <summary>vshAskReedit: only on a terminal; otherwise -1 (treated as "give up").</summary>
    private static char AskReedit(CommandContext ctx, string msg, bool relaxAvailable)
    {
        if (Console.IsInputRedirected) return '\0';
        ctx.Session.ReportError();
        while (true)
        {
            ctx.Print($"\r{msg} Try again? {(relaxAvailable ? "[y,n,i,f,?]" : "[y,n,f,?]")}: ");
            ctx.Out.Flush();
            char c = char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
            if (c == '?')
            {
                ctx.Print("\r\ny - yes, start editor again\r\nn - no, throw away my changes\r\n");
                if (relaxAvailable) ctx.Print("i - turn off validation and try to redefine again\r\n");
                ctx.Print("f - force, try to redefine again\r\n? - print this help\r\n");
                continue;
            }
            if (c is 'y' or 'n' or 'f' || relaxAvailable && c == 'i')
            {
                ctx.Print("\r\n");
                return c;
            }
        }
    }
}
