// For processes npm starts. `exec` in the npm scripts makes this node npm's own child, so npm
// passes SIGTERM and SIGINT straight here and waits until the process has finished stopping.
// Should npm itself be killed outright, nothing would pass them on: then the process left behind
// (its parent gone) stops itself as if told to, within half a second, rather than stay listening.
export function stopWhenOrphaned() {
  if (!process.env.npm_lifecycle_event) return;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 500).unref();
}
