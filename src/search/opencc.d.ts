/** opencc-js ships its dictionaries as ESM modules without type declarations. */
declare module 'opencc-js/dict/TSCharacters' {
  const pairs: string
  export default pairs
}
