// Workgroup grids for 1-D kernels: WebGPU caps each dimension (usually 65535), so large
// element counts spill into y. Kernels compute i = gid.x + gid.y * num_workgroups.x * WG.

export function grid1d(count: number, workgroupSize: number, maxPerDim = 65535): [number, number] {
  const groups = Math.ceil(count / workgroupSize);
  if (groups <= maxPerDim) return [groups, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y];
}
