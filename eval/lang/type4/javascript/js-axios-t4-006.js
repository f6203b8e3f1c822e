// dedupe-eval type-4 re-implementation, written by hand for this evaluation set.
// original: axios/axios 23a25af0688d1db2c396deb09229d2271cc24f6c lib/helpers/validator.js assertOptions
function checkOptions(opts, validators, permitUnknown) {
  if (opts === null || typeof opts !== 'object') {
    throw new AxiosError('options must be an object', AxiosError.ERR_BAD_OPTION_VALUE);
  }
  for (const name of Object.keys(opts).reverse()) {
    const check = validators[name];
    if (!check) {
      if (permitUnknown === true) continue;
      throw new AxiosError(`Unknown option ${name}`, AxiosError.ERR_BAD_OPTION);
    }
    const v = opts[name];
    const verdict = v === undefined ? true : check(v, name, opts);
    if (verdict !== true) {
      throw new AxiosError(`option ${name} must be ${verdict}`, AxiosError.ERR_BAD_OPTION_VALUE);
    }
  }
}
