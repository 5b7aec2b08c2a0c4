import DataDictionary
import Jobs

extension JobContext {
    /// The data dictionary, read from the context's dictionary file.
    func dictionary() throws -> DataDictionary {
        try DataDictionary(contentsOf: try dictionaryPath())
    }
}
