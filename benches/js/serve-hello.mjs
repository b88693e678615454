// edgeboxd's hello handler (benches/src/daemon.rs): every request in a fresh instance.
export default {
  fetch() {
    return new Response("hello\n");
  },
};
