(function () {
  function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
  function tak(x, y, z) { return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z; }
  // Five self-calls: above the unrolling limit, so one native copy only.
  function five(n) { return n < 1 ? 1 : five(n - 1) + five(n - 2) + five(n - 3) + five(n - 4) + five(n - 5); }
  return [fib(10), tak(6, 4, 2), five(6)];
})();
