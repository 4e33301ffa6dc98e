/* Stand-in for Windows 10's bcryptprimitives.dll, for running SIGMA Desktop under Wine 8.0 only
 * (scripts/test-windows).
 *
 * Rust extensions built with Rust 1.78 or newer (python-calamine, grimp) take their random numbers from
 * ProcessPrng, which Wine 8.0 lacks. This stub exports it over RtlGenRandom (advapi32's SystemFunction036),
 * the operating system's own generator. Never shipped: Windows 10 has the real DLL.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -shared -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {  /* RtlGenRandom takes a ULONG length */
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
