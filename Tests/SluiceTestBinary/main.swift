import Jobs
import SluiceCLI

// The binary the integration tests run: `sluice` plus the test-only kinds.
await Sluice.main(kinds: Sluice.productKinds.adding(SleepKind()))
