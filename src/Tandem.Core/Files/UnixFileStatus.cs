using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tandem.Core.Files;

/// <summary>
/// The owner and mode of a path as the kernel reports them (statx(2), whose buffer has one layout on every Linux
/// architecture), which .NET does not expose: a private directory must be owned by the user Tandem runs as.
/// </summary>
internal readonly record struct UnixFileStatus(uint Uid, UnixFileMode Mode, bool IsSymbolicLink, bool IsDirectory)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const int StatxBufferBytes = 256;
    private const int FileTypeMask = 0xF000;
    private const int DirectoryType = 0x4000;
    private const int SymbolicLinkType = 0xA000;

    /// <summary>The effective user id of this process; null where the owner cannot be read (not Linux).</summary>
    public static uint? EffectiveUserId => OperatingSystem.IsLinux() ? GetEffectiveUserId() : null;

    /// <summary>The status of <paramref name="path"/> itself (a symbolic link is not followed); null when it does not exist or this is not Linux.</summary>
    public static UnixFileStatus? Read(string path, bool followLinks = false)
    {
        if (!OperatingSystem.IsLinux())
            return null;

        // struct statx (include/uapi/linux/stat.h): stx_mask u32 at 0, stx_uid u32 at 20, stx_mode u16 at 28.
        var buffer = new byte[StatxBufferBytes];
        if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int NoSuchFile = 2, NotADirectory = 20;
            if (errno is NoSuchFile or NotADirectory)
                return null;
            throw new IOException($"cannot read the status of {path} (errno {errno})");
        }

        var uid = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(20));
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        if (!BitConverter.IsLittleEndian)
        {
            uid = BinaryPrimitives.ReverseEndianness(uid);
            mode = BinaryPrimitives.ReverseEndianness(mode);
        }

        var type = mode & FileTypeMask;
        return new UnixFileStatus(uid, (UnixFileMode)(mode & 0xFFF), type == SymbolicLinkType, type == DirectoryType);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directoryFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();
}
