// Each test runs cd2 processes that start hosts and PostgreSQL work; one at a time keeps the machine responsive.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
