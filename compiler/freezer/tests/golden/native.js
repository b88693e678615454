(function () {
  function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
  function tak(x, y, z) { return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z; }
  return [fib(10), tak(6, 4, 2)];
})();
