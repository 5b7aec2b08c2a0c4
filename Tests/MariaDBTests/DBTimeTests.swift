import Foundation
import MariaDB
import Testing

@Suite struct DBTimeTests {
    @Test func writesDatetimeTextInUTCWithMicroseconds() {
        #expect(DBTime.text(Date(timeIntervalSince1970: 1_609_459_200)) == "2021-01-01 00:00:00.000000")
        #expect(DBTime.value(nil) == .null)
    }

    @Test func readsBackWhatItWrites() {
        let instant = Date(timeIntervalSince1970: 1_609_459_200.5)
        #expect(DBTime.date(DBTime.value(instant)) == instant)
        #expect(DBTime.date(.null) == nil)
    }
}
