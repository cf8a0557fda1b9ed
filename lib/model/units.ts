/** The one place where bytes meet GB (10^9, used by bandwidth and vendor figures) and GiB (2^30, memory). */
export const BYTES_PER_GB = 1e9;
export const BYTES_PER_GIB = 2 ** 30;

export const bytesToGiB = (bytes: number): number => bytes / BYTES_PER_GIB;
export const gbpsToBytesPerSecond = (gbps: number): number => gbps * BYTES_PER_GB;
export const tflopsToFlops = (tflops: number): number => tflops * 1e12;
