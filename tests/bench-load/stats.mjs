// The quantiles the bench-load report prints (linear between the nearest ranks).

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
};
export const median = (xs) => quantile(xs, 0.5);
