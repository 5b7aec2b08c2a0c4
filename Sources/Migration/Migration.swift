// The Migration module.
