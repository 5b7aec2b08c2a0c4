import SluiceCLI

// The product binary: the command tree with the job kinds Sluice ships.
await Sluice.main(kinds: Sluice.productKinds)
