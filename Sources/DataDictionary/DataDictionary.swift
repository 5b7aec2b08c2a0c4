// The DataDictionary module.
