// The generated LossesGrad is public API of this module, and its checkRidge returns the runtime's
// GradCheck.Report: requires transitive, as for any dependency that shows in a module's API.
module app {
  requires transitive dev.flatgrad.annotations;
  requires transitive dev.flatgrad.runtime;

  exports app.loss;
}
