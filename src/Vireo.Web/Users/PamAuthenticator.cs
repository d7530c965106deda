using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vireo.Web.Users;

/// <summary>
/// Local users through PAM (libpam.so.0): pam_start on the service (default "vireo-web", so an administrator
/// writes /etc/pam.d/vireo-web), pam_authenticate and pam_acct_mgmt, the password handed over by a conversation
/// callback. The callback is an [UnmanagedCallersOnly] function pointer and every structure is blittable, so it is
/// Native-AOT safe (no delegates, no marshalling).
/// </summary>
public sealed unsafe partial class PamAuthenticator(string service) : IPasswordCheck
{
    public const string DefaultService = "vireo-web";
    private const string Lib = "libpam.so.0";
    private const int PamSuccess = 0, PamBufErr = 5, PamConvErr = 19;
    private const int PromptEchoOff = 1, PromptEchoOn = 2;

    public string Service { get; } = service;

    [StructLayout(LayoutKind.Sequential)]
    private struct PamMessage { public int Style; public byte* Text; }

    [StructLayout(LayoutKind.Sequential)]
    private struct PamResponse { public byte* Resp; public int RetCode; }

    [StructLayout(LayoutKind.Sequential)]
    private struct PamConv { public delegate* unmanaged<int, PamMessage**, PamResponse**, void*, int> Conv; public void* AppData; }

    /// <summary>What the conversation answers: the password to hidden prompts, the user name to visible ones.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Answers { public byte* User; public byte* Password; }

    [LibraryImport(Lib, EntryPoint = "pam_start", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int PamStart(string service, string user, PamConv* conv, void** handle);

    [LibraryImport(Lib, EntryPoint = "pam_authenticate")]
    private static partial int PamAuthenticate(void* handle, int flags);

    [LibraryImport(Lib, EntryPoint = "pam_acct_mgmt")]
    private static partial int PamAcctMgmt(void* handle, int flags);

    [LibraryImport(Lib, EntryPoint = "pam_end")]
    private static partial int PamEnd(void* handle, int status);

    /// <summary>True when PAM accepts the password and the account (not expired or locked).</summary>
    public bool Verify(string user, string password)
    {
        if (!UsersFile.IsValidName(user) || password.Length == 0 || password.Contains('\0')) return false;
        var answers = new Answers { User = (byte*)Marshal.StringToCoTaskMemUTF8(user), Password = (byte*)Marshal.StringToCoTaskMemUTF8(password) };
        try
        {
            var conv = new PamConv { Conv = &Converse, AppData = &answers };
            void* handle = null;
            int rc = PamStart(Service, user, &conv, &handle);
            if (rc != PamSuccess) return false;
            rc = PamAuthenticate(handle, 0);
            if (rc == PamSuccess) rc = PamAcctMgmt(handle, 0);
            PamEnd(handle, rc);
            return rc == PamSuccess;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        finally
        {
            Wipe(answers.Password);
            Marshal.FreeCoTaskMem((nint)answers.User);
            Marshal.FreeCoTaskMem((nint)answers.Password);
        }
    }

    /// <summary>True when libpam can be loaded here.</summary>
    public static bool Available() => NativeLibrary.TryLoad(Lib, out var h) && Free(h);

    private static bool Free(nint h) { NativeLibrary.Free(h); return true; }

    /// <summary>PAM's conversation: answers live in memory PAM frees with free(), so they are malloc'ed.</summary>
    [UnmanagedCallersOnly]
    private static int Converse(int count, PamMessage** messages, PamResponse** responses, void* appData)
    {
        if (count <= 0 || responses is null) return PamConvErr;
        var answers = (Answers*)appData;
        var replies = (PamResponse*)NativeMemory.AllocZeroed((nuint)count, (nuint)sizeof(PamResponse));
        if (replies is null) return PamBufErr;
        for (int i = 0; i < count; i++)
        {
            // Linux-PAM passes an array of pointers to messages
            byte* answer = messages[i]->Style switch
            {
                PromptEchoOff => answers->Password,
                PromptEchoOn => answers->User,
                _ => null, // error and info texts need no answer
            };
            if (answer is not null) replies[i].Resp = StrDup(answer);
        }
        *responses = replies;
        return PamSuccess;
    }

    private static byte* StrDup(byte* s)
    {
        nuint n = 0;
        while (s[n] != 0) n++;
        var copy = (byte*)NativeMemory.Alloc(n + 1);
        Unsafe.CopyBlock(copy, s, (uint)n + 1);
        return copy;
    }

    private static void Wipe(byte* s)
    {
        if (s is null) return;
        for (nuint i = 0; s[i] != 0; i++) s[i] = 0;
    }
}
