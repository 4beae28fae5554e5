// Fault tests start emulators, cd2 processes and orchestrations and some kill database backends: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
