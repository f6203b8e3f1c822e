// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: colinhacks/zod e516c3baf22615e20934116abebfed6c000222c2 packages/zod/src/v4/core/schemas.ts isValidJWT
function looksLikeJwt(jwt: string, alg: util.JWTAlgorithm | null = null): boolean {
  const segments = jwt.split(".");
  if (segments.length !== 3 || !segments[0]) {
    return false;
  }
  let header: any;
  try {
    header = JSON.parse(atob(segments[0]));
  } catch {
    return false;
  }
  if (header.typ !== undefined && header.typ !== "JWT") return false;
  if (!header.alg) return false;
  return alg === null || header.alg === alg;
}
