import Errors
import Testing

private enum Load: ErrorDomain {}
private enum Scan: ErrorDomain {}
private enum Numbered: ErrorDomain { typealias RawCode = UInt32 }

extension ErrorCode where Domain == Load {
    fileprivate static var unreadable: Self { "file_unreadable" }
    fileprivate static var tooMany: Self { "too_many" }
}

extension ErrorCode where Domain == Scan {
    fileprivate static var unreadable: Self { "file_unreadable" }
}

@Suite struct CodedErrorTests {
    @Test func describesItselfAsCodeColonMessage() {
        #expect(CodedError<Load>(.tooMany, "3 of 10 rows").description == "too_many: 3 of 10 rows")
        #expect(CodedError<Load>(code: .tooMany, message: "x") == CodedError<Load>(.tooMany, "x"))
    }

    @Test func aCodeMatchesErrorsOfItsOwnDomainOnly() {
        let error: any Error = CodedError<Load>(.unreadable, "gone")
        #expect(ErrorCode<Load>.unreadable ~= error)
        #expect(!(ErrorCode<Load>.tooMany ~= error))
        #expect(!(ErrorCode<Scan>.unreadable ~= error), "the same text in another domain is another code")
        do {
            throw error
        } catch ErrorCode<Load>.tooMany {
            Issue.record("matched the wrong code")
        } catch ErrorCode<Load>.unreadable {
            // matched by code
        } catch {
            Issue.record("did not match \(error)")
        }
    }

    @Test func numberedCodesPrintTheirNumber() {
        let code: ErrorCode<Numbered> = 1062
        #expect(code.description == "1062" && code.rawValue == 1062)
        #expect(CodedError<Numbered>(code, "duplicate").description == "1062: duplicate")
    }
}
