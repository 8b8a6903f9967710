// Bench-only yardsticks are not part of the product.
module.exports = {
  skipFiles: ["test/"],
};
