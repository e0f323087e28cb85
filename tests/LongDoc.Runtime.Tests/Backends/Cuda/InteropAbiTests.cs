using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LongDoc.Runtime.Backends.Cuda;
using LongDoc.Runtime.Backends.Cuda.Interop;

namespace LongDoc.Runtime.Tests.Backends.Cuda;

/// <summary>The layouts and constants the native side reads: a wrong value here is a silent wrong launch there.
/// Expected numbers are copied from cuda.h / nvrtc.h (CUDA 11.8 and 12.x agree on all of them).</summary>
public sealed class InteropAbiTests
{
    [Fact]
    public void Dim3_Layout_IsThreeUint32()
    {
        Assert.Equal(12, Unsafe.SizeOf<Dim3>());
        Assert.Equal(12, Marshal.SizeOf<Dim3>());
        var d = new Dim3(7, 8, 9);
        var words = MemoryMarshal.Cast<Dim3, uint>(new[] { d });
        Assert.Equal([7u, 8u, 9u], words.ToArray());
    }

    [Fact]
    public void DevicePointer_Layout_IsOneUint64LikeCUdeviceptr()
    {
        Assert.Equal(8, Unsafe.SizeOf<DevicePointer>());
        Assert.Equal(0x1234_5678_9abc_def0UL, MemoryMarshal.Cast<DevicePointer, ulong>(new[] { new DevicePointer(0x1234_5678_9abc_def0UL) })[0]);
    }

    [Fact]
    public void KernelArgs_Slots_HoldEachValueInItsLowBytes()
    {
        var a = new KernelArgs();
        a.Add(new DevicePointer(0xdead_beef_0000_1000UL));
        a.Add(-2);
        a.Add(1.5f);
        a.Add(3u);
        a.Add(-5L);
        Assert.Equal(5, a.Count);
        Assert.Equal(0xdead_beef_0000_1000UL, a[0]);
        Assert.Equal(0xffff_fffeUL, a[1]);                        // int: 4 bytes, upper half zero
        Assert.Equal((ulong)BitConverter.SingleToUInt32Bits(1.5f), a[2]);
        Assert.Equal(3UL, a[3]);
        Assert.Equal(unchecked((ulong)-5L), a[4]);
        Assert.Equal(8 * KernelArgs.Capacity + 8, Unsafe.SizeOf<KernelArgs>());   // slots + count (padded)
    }

    [Fact]
    public void KernelArgs_TooMany_ThrowsNamingTheLimit()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            var a = new KernelArgs();
            for (int i = 0; i <= KernelArgs.Capacity; i++) a.Add(i);
        });
        Assert.Contains("32", e.Message);
    }

    [Fact]
    public void Enums_Values_MatchCudaHeaders()
    {
        Assert.Equal(4, Unsafe.SizeOf<CuResult>());
        Assert.Equal((0, 2, 100, 218, 222, 700, 719), ((int)CuResult.Success, (int)CuResult.OutOfMemory, (int)CuResult.NoDevice,
            (int)CuResult.InvalidPtx, (int)CuResult.UnsupportedPtxVersion, (int)CuResult.IllegalAddress, (int)CuResult.LaunchFailed));
        Assert.Equal((16, 75, 76, 97), ((int)CuDeviceAttribute.MultiprocessorCount, (int)CuDeviceAttribute.ComputeCapabilityMajor,
            (int)CuDeviceAttribute.ComputeCapabilityMinor, (int)CuDeviceAttribute.MaxSharedMemoryPerBlockOptin));
        Assert.Equal((3, 4, 5, 6), ((int)CuJitOption.InfoLogBuffer, (int)CuJitOption.InfoLogBufferSizeBytes,
            (int)CuJitOption.ErrorLogBuffer, (int)CuJitOption.ErrorLogBufferSizeBytes));
        Assert.Equal(8, (int)CuFunctionAttribute.MaxDynamicSharedSizeBytes);
        Assert.Equal(4, (int)CuFunctionAttribute.NumRegs);
        Assert.Equal((0, 5, 6), ((int)NvrtcResult.Success, (int)NvrtcResult.InvalidOption, (int)NvrtcResult.Compilation));
        Assert.Equal((0u, 1u, 2u), (CuFlags.StreamDefault, CuFlags.StreamNonBlocking, CuFlags.EventDisableTiming));
    }

    [Fact]
    public void EnsureCuda_OnThisMachine_LoadsOrListsLikelyCauses()
    {
        try
        {
            NativeLibraries.EnsureCuda();
        }
        catch (CudaUnavailableException e)
        {
            Assert.Contains("libcuda.so.1", e.Message);
            Assert.Contains("1. no NVIDIA driver", e.Message);
            Assert.Contains("--device cpu", e.Message);
            Assert.True(e.LikelyCauses.Count >= 3);
        }
    }

    [Fact]
    public void ThrowIfFailed_Failure_NamesTheCallExpression()
    {
        static CuResult Fails(int bytes) => CuResult.OutOfMemory;
        var e = Assert.Throws<CudaException>(() => CudaStatus.ThrowIfFailed(Fails(4096)));
        Assert.StartsWith("Fails(4096) failed: ", e.Message);
        Assert.Equal(CuResult.OutOfMemory, e.Result);
        var n = Assert.Throws<NvrtcException>(() => CudaStatus.ThrowIfFailed(NvrtcResult.InvalidOption));
        Assert.Contains("NvrtcResult.InvalidOption failed", n.Message);
    }
}
