import Foundation
import JSON
import Testing

@Suite struct InstantTextTests {
    @Test func writesUTCWithOrWithoutMilliseconds() {
        let instant = Date(timeIntervalSince1970: 1_609_459_200.25)
        #expect(InstantText.string(instant) == "2021-01-01T00:00:00Z")
        #expect(InstantText.string(instant, fractionalSeconds: true) == "2021-01-01T00:00:00.250Z")
    }

    @Test func readsInstantsWithAZoneAndRefusesTheRest() {
        #expect(InstantText.date("2021-01-01T00:00:00Z") == Date(timeIntervalSince1970: 1_609_459_200))
        #expect(InstantText.date("2021-01-01T02:00:00+02:00") == Date(timeIntervalSince1970: 1_609_459_200))
        #expect(InstantText.date("2021-01-01T00:00:00.250Z") == Date(timeIntervalSince1970: 1_609_459_200.25))
        #expect(InstantText.date("2021-01-01") == nil)
        #expect(InstantText.date("30m") == nil)
    }
}
