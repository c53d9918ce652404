// webpack's defaults (entry src/index.js, output dist/, target web) plus the usual HTML page:
// no rule, loader or `experiments` setting for the package's wasm.
import HtmlWebpackPlugin from 'html-webpack-plugin';

export default {
  mode: 'production',
  plugins: [new HtmlWebpackPlugin({ title: 'wasm-auth-client with webpack 5' })],
};
