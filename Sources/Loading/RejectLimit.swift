/// The most rejects a load accepts before it rolls back: a count (`100`) or a share of the rows (`5%`).
public enum RejectLimit: Sendable, Equatable, CustomStringConvertible {
    /// At most this many rejected rows.
    case count(Int)
    /// At most this percentage of the received rows.
    case percent(Double)

    /// Parses `N` or `P%`; nil when the text is neither.
    public init?(parsing text: String) {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
            self = .percent(value)
        } else {
            guard let value = Int(text), value >= 0 else { return nil }
            self = .count(value)
        }
    }

    /// Whether `rejected` of `received` rows is over the limit.
    public func isExceeded(rejected: Int, received: Int) -> Bool {
        switch self {
        case .count(let limit): rejected > limit
        case .percent(let limit): received > 0 && Double(rejected) * 100 > limit * Double(received)
        }
    }

    /// The limit as it is written: a count or a percentage.
    public var description: String {
        switch self {
        case .count(let limit): "\(limit)"
        case .percent(let limit): "\(limit)%"
        }
    }
}
