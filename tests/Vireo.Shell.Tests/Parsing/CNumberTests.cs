using Vireo.Protocol.Errors;
using Vireo.Shell.Parsing;
using Vireo.Shell.Runtime;

namespace Vireo.Shell.Tests.Parsing;

/// <summary>libvirt's virStrToLong_* and virScaleInteger, which decide what virsh accepts as numbers and sizes.</summary>
public class CNumberTests
{
    [Theory]
    [InlineData("42", true, 42)]
    [InlineData(" 42", true, 42)]
    [InlineData("-7", true, -7)]
    [InlineData("+7", true, 7)]
    [InlineData("42x", false, 0)]
    [InlineData("", false, 0)]
    [InlineData("2147483648", false, 0)]
    public void Int(string s, bool ok, int value)
    {
        Assert.Equal(ok, CNumber.TryInt(s, out int v));
        if (ok) Assert.Equal(value, v);
    }

    [Fact]
    public void UnsignedWrapsMinusOneOnlyWhenAllowed()
    {
        Assert.True(CNumber.TryUInt("-1", out uint v, positiveOnly: false));
        Assert.Equal(uint.MaxValue, v);
        Assert.False(CNumber.TryUInt("-1", out _, positiveOnly: true));
        Assert.True(CNumber.TryUInt("4294967295", out v, positiveOnly: true));
        Assert.False(CNumber.TryUInt("4294967296", out _, positiveOnly: true));
    }

    [Fact]
    public void BaseZeroReadsHexAndOctal()
    {
        Assert.True(CNumber.TryInt("0x10", out int v, numberBase: 0));
        Assert.Equal(16, v);
        Assert.True(CNumber.TryInt("010", out v, numberBase: 0));
        Assert.Equal(8, v);
    }

    [Theory]
    [InlineData("1024", 1024UL, 1048576UL)]
    [InlineData("1b", 1024UL, 1UL)]
    [InlineData("2k", 1024UL, 2048UL)]
    [InlineData("2KiB", 1UL, 2048UL)]
    [InlineData("2KB", 1UL, 2000UL)]
    [InlineData("1M", 1024UL, 1048576UL)]
    [InlineData("1G", 1UL, 1073741824UL)]
    [InlineData("1bytes", 1024UL, 1UL)]
    public void ScaledSizes(string text, ulong scale, ulong bytes)
    {
        Assert.True(CNumber.TryULongWithSuffix(text, out ulong v, out var suffix));
        Assert.True(SizeUnits.TryScale(ref v, suffix, scale, ulong.MaxValue, out var problem));
        Assert.Null(problem);
        Assert.Equal(bytes, v);
    }

    [Fact]
    public void BadSuffixAndOverflowCarryLibvirtsErrors()
    {
        ulong v = 10;
        Assert.False(SizeUnits.TryScale(ref v, "x", 1024, ulong.MaxValue, out var problem));
        Assert.Equal("invalid argument: unknown suffix 'x'", problem!.Message);
        v = 20;
        Assert.False(SizeUnits.TryScale(ref v, "E", 1, ulong.MaxValue, out problem));
        Assert.Equal(ErrorCode.Overflow, problem!.Code);
        Assert.Equal("numerical overflow: value too large: 20E", problem.Message);
    }
}
