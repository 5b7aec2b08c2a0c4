internal import CAvro
import Errors

/// An avro-c value class and one value made from it, owned together and released together in
/// `deinit`. ``AvroValue`` (a generic value) and ``AvroResolver`` (a resolved-writer value) differ
/// only in how the two are made.
final class AvroValueInstance {
    /// The owned value class.
    private let iface: UnsafeMutablePointer<avro_value_iface_t>
    /// The owned value, at a stable address so C calls take it without Swift's exclusivity checks.
    let pointer = UnsafeMutablePointer<avro_value_t>.allocate(capacity: 1)

    /// Takes ownership of `iface` (nil when avro-c could not make it) and makes a value of it with
    /// `newValue`; either failure throws `code` with the matching message.
    init(
        _ iface: UnsafeMutablePointer<avro_value_iface_t>?, failing code: AvroError.Code,
        noClass: String, noValue: String,
        newValue: (UnsafeMutablePointer<avro_value_iface_t>, UnsafeMutablePointer<avro_value_t>) -> Int32
    ) throws(AvroError) {
        pointer.initialize(to: avro_value_t())
        guard let iface else {
            pointer.deallocate()
            throw AvroCall.failure(0, code, noClass)
        }
        self.iface = iface
        let rc = newValue(iface, pointer)
        if rc != 0 {
            let error = AvroCall.failure(rc, code, noValue)
            CAvro_avro_value_iface_decref(iface)
            pointer.deallocate()
            throw error
        }
    }

    deinit {
        avro_value_decref(pointer)
        CAvro_avro_value_iface_decref(iface)
        pointer.deallocate()
    }
}
