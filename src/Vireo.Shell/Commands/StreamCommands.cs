using System.Globalization;
using Microsoft.Win32.SafeHandles;
using Vireo.Client.Api;
using Vireo.Protocol.Errors;
using Vireo.Shell.Runtime;
using Vireo.Shell.Terminal;

namespace Vireo.Shell.Commands;

/// <summary>The commands that move data over a stream: console, screenshot, vol-upload, vol-download (virsh-domain.c, virsh-volume.c).</summary>
public static class StreamCommands
{
    /// <summary>virsh's default escape character, Ctrl+] (0x1d).</summary>
    private const byte Escape = 0x1d;

    public static void Register(Dictionary<string, CommandHandler> map)
    {
        map["console"] = Console;
        map["screenshot"] = Screenshot;
        map["vol-upload"] = VolUpload;
        map["vol-download"] = VolDownload;
    }

    /// <summary>
    /// console: raw terminal, guest output to stdout, keys to the guest, Ctrl+] ends the session. Unlike virsh, a
    /// stdin that is not a terminal is copied to the guest until its end (handy in scripts and tests).
    /// </summary>
    private static async Task<bool> Console(CommandContext ctx)
    {
        var (dom, _) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        if (!ctx.TryString("devname", out var devName)) return false;
        var flags = DomainConsoleFlags.None;
        if (ctx.Has("force")) flags |= DomainConsoleFlags.Force;
        if (ctx.Has("safe")) flags |= DomainConsoleFlags.Safe;
        return await AttachConsoleAsync(ctx, dom, devName, flags).ConfigureAwait(false);
    }

    /// <summary>cmdRunConsole: the console session itself (also what start/create --console end with).</summary>
    public static async Task<bool> AttachConsoleAsync(CommandContext ctx, Domain dom, string? devName = null, DomainConsoleFlags flags = DomainConsoleFlags.None)
    {
        try
        {
            if ((await dom.GetStateAsync().ConfigureAwait(false)).State == DomainState.Shutoff)
            {
                ctx.Error("The domain is not running");
                return false;
            }
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error("Unable to get domain status");
            return false;
        }
        ctx.PrintExtra($"Connected to domain '{dom.Name}'\nEscape character is ^] (Ctrl + ])\n");
        ctx.Session.Output.Out.Flush();
        VirStream console;
        try
        {
            console = await dom.OpenConsoleAsync(devName, flags).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            return false;
        }
        using (RawTerminal.Enter())
            await PumpConsoleAsync(console).ConfigureAwait(false);
        return true;
    }

    private static async Task PumpConsoleAsync(VirStream console)
    {
        using var stdout = System.Console.OpenStandardOutput();
        var quit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            int n;
            try
            {
                while ((n = await console.ReceiveAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    await stdout.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                    await stdout.FlushAsync().ConfigureAwait(false);
                }
            }
            catch (LibvirtException) { /* the session ended on the daemon's side */ }
        });
        // stdin is read on its own thread: a blocking read of a terminal cannot be cancelled, and vsh exits afterwards.
        var input = new Thread(() => CopyKeys(console, quit)) { IsBackground = true, Name = "console stdin" };
        input.Start();
        await Task.WhenAny(output, quit.Task).ConfigureAwait(false);
        try { await console.FinishAsync().ConfigureAwait(false); }
        catch (LibvirtException) { /* already gone */ }
        await output.ConfigureAwait(false);
    }

    private static void CopyKeys(VirStream console, TaskCompletionSource quit)
    {
        using var stdin = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, 1);
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = stdin.Read(buffer, 0, buffer.Length)) > 0)
            {
                int esc = Array.IndexOf(buffer, Escape, 0, n);
                int send = esc < 0 ? n : esc;
                if (send > 0)
                    console.SendAsync(buffer.AsMemory(0, send)).GetAwaiter().GetResult();
                if (esc >= 0)
                    break;
            }
        }
        catch (Exception e) when (e is IOException or LibvirtException) { }
        quit.TrySetResult();
    }

    /// <summary>screenshot DOMAIN [FILE] [--screen N]: FILE defaults to NAME-YYYY-MM-DD-HH:MM:SS.ppm as virsh names it.</summary>
    private static async Task<bool> Screenshot(CommandContext ctx)
    {
        if (!ctx.TryString("file", out var file)) return false;
        if (ctx.OptUInt("screen", out uint screen) < 0) return false;
        var (dom, name) = await ctx.LookupDomainAsync().ConfigureAwait(false);
        if (dom is null) return false;
        string? mime;
        VirStream image;
        try
        {
            (mime, image) = await dom.ScreenshotAsync(screen).ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error($"could not take a screenshot of {name}");
            return false;
        }
        file ??= GeneratedName(dom.Name, mime);
        FileStream fs;
        try
        {
            fs = new FileStream(file, FileMode.Create, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await image.AbortAsync().ConfigureAwait(false);
            ctx.Error($"cannot create file {file}");
            return false;
        }
        bool ok;
        await using (fs)
            ok = await ReceiveAllAsync(ctx, image, fs, $"could not receive data from domain {name}", $"cannot close stream on domain {name}").ConfigureAwait(false);
        if (!ok)
        {
            File.Delete(file);
            return false;
        }
        ctx.PrintExtra($"Screenshot saved to {file}, with type of {mime}\n");
        return true;
    }

    /// <summary>vshGenFileName: DOMAIN-%Y-%m-%d-%H:%M:%S plus the extension of the MIME type.</summary>
    private static string GeneratedName(string domain, string? mime)
    {
        var ext = mime switch { "image/x-portable-pixmap" => ".ppm", "image/png" => ".png", _ => "" };
        return domain + "-" + DateTime.Now.ToString("yyyy-MM-dd-HH:mm:ss", CultureInfo.InvariantCulture) + ext;
    }

    /// <summary>Receives a stream to its end into <paramref name="sink"/>, then finishes it (virStreamRecvAll + virStreamFinish).</summary>
    private static async Task<bool> ReceiveAllAsync(CommandContext ctx, VirStream stream, Stream sink, string recvError, string finishError)
    {
        var buffer = new byte[262144];
        try
        {
            int n;
            while ((n = await stream.ReceiveAsync(buffer).ConfigureAwait(false)) > 0)
                await sink.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LibvirtException or IOException)
        {
            if (e is LibvirtException l) ctx.Save(l);
            try { await stream.AbortAsync().ConfigureAwait(false); } catch (LibvirtException) { }
            ctx.Error(recvError);
            return false;
        }
        try
        {
            await stream.FinishAsync().ConfigureAwait(false);
        }
        catch (LibvirtException e)
        {
            ctx.Save(e);
            ctx.Error(finishError);
            return false;
        }
        return true;
    }

    private static bool TransferOptions(CommandContext ctx, out ulong offset, out ulong length, out uint flags)
    {
        flags = ctx.Has("sparse") ? StorageVolume.SparseStreamFlag : 0;
        length = 0;
        if (ctx.OptULong("offset", out offset) < 0)
        {
            ctx.Error("Unable to parse offset value");
            return false;
        }
        if (ctx.OptULong("length", out length) < 0)
        {
            ctx.Error("Unable to parse length value");
            return false;
        }
        return true;
    }

    /// <summary>vol-upload VOL FILE [--pool] [--offset] [--length] [--sparse].</summary>
    private static async Task<bool> VolUpload(CommandContext ctx)
    {
        if (!TransferOptions(ctx, out var offset, out var length, out var flags)) return false;
        var (vol, name) = await ctx.LookupVolumeAsync().ConfigureAwait(false);
        if (vol is null) return false;
        if (!ctx.TryString("file", out var file)) return false;
        FileStream source;
        try
        {
            source = new FileStream(file!, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ctx.Error($"cannot read {file}");
            return false;
        }
        await using (source)
        {
            VirStream upload;
            try
            {
                upload = await vol.UploadAsync(offset, length, flags).ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error($"cannot upload to volume {name}");
                return false;
            }
            var buffer = new byte[262144];
            try
            {
                int n;
                while ((n = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                    await upload.SendAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is LibvirtException or IOException)
            {
                if (e is LibvirtException l) ctx.Save(l);
                try { await upload.AbortAsync().ConfigureAwait(false); } catch (LibvirtException) { }
                ctx.Error($"cannot send data to volume {name}");
                return false;
            }
            try
            {
                await upload.FinishAsync().ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error($"cannot close volume {name}");
                return false;
            }
        }
        return true;
    }

    /// <summary>vol-download VOL FILE [--pool] [--offset] [--length] [--sparse].</summary>
    private static async Task<bool> VolDownload(CommandContext ctx)
    {
        if (!TransferOptions(ctx, out var offset, out var length, out var flags)) return false;
        var (vol, name) = await ctx.LookupVolumeAsync().ConfigureAwait(false);
        if (vol is null) return false;
        if (!ctx.TryString("file", out var file)) return false;
        FileStream sink;
        bool created = !File.Exists(file);
        try
        {
            sink = new FileStream(file!, FileMode.Create, FileAccess.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ctx.Error($"cannot create {file}");
            return false;
        }
        bool ok;
        await using (sink)
        {
            VirStream download;
            try
            {
                download = await vol.DownloadAsync(offset, length, flags).ConfigureAwait(false);
            }
            catch (LibvirtException e)
            {
                ctx.Save(e);
                ctx.Error($"cannot download from volume {name}");
                ok = false;
                goto done;
            }
            ok = await ReceiveAllAsync(ctx, download, sink, $"cannot receive data from volume {name}", $"cannot close volume {name}").ConfigureAwait(false);
        }
    done:
        if (!ok && created)
            File.Delete(file!);
        return ok;
    }
}
