// mathjs's one-file bundle (UMD): the whole library as one object.
declare module 'mathjs/lib/browser/math.js' {
  const math: import('mathjs').MathJsInstance;
  export default math;
}
