// The CSV module.
