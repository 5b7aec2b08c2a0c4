internal import CMariaDB

/// How the temporal columns (DATE, DATETIME, TIMESTAMP) of a result arrive in a ``ResultRow``.
public enum TemporalColumns: Sendable {
    /// As text, `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` (the default).
    case text
    /// As ``ResultRow/Kind/integer`` numbers since the epoch: DATETIME and TIMESTAMP in microseconds since
    /// 1970-01-01 00:00:00, DATE in days since 1970-01-01, NULL for zero and partial dates. They are exactly what
    /// `TO_SECONDS(c) * 1000000 + MICROSECOND(c) - 62167219200000000` and `TO_DAYS(c) - 719528` give, computed by
    /// the client from the binary protocol's fields (the server then sends the stored value as it is, which costs
    /// it less than evaluating those expressions per row).
    case epochNumbers

    /// Which epoch number column `field` is read as: nil for a column that is not temporal or with ``text``.
    func epochUnit(of field: MYSQL_FIELD) -> EpochUnit? {
        guard self == .epochNumbers else { return nil }
        switch field.type {
        case MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP: return .microseconds
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE: return .days
        default: return nil
        }
    }
}

/// What a temporal column read as a number counts (``TemporalColumns/epochNumbers``).
enum EpochUnit {
    /// Microseconds since 1970-01-01 00:00:00.
    case microseconds
    /// Days since 1970-01-01.
    case days

    /// The binary protocol's type the column is bound as.
    var bufferType: enum_field_types { self == .days ? MYSQL_TYPE_DATE : MYSQL_TYPE_DATETIME }

    /// The number of `time` (as the server sent it), or nil for a zero or partial date, as the SQL functions give.
    func number(of time: MYSQL_TIME) -> Int64? {
        guard time.month != 0 && time.day != 0 else { return nil }
        let days = Self.dayNumber(year: Int64(time.year), month: Int64(time.month), day: Int64(time.day))
        switch self {
        case .days: return days - 719_528
        case .microseconds:
            let seconds = days * 86_400 + Int64(time.hour) * 3_600 + Int64(time.minute) * 60 + Int64(time.second)
            return seconds * 1_000_000 + Int64(time.second_part) - 62_167_219_200_000_000
        }
    }

    /// The day number `TO_DAYS` gives (the server's `calc_daynr`, year 0 included, where it is not proleptic).
    static func dayNumber(year: Int64, month: Int64, day: Int64) -> Int64 {
        var total = 365 * year + 31 * (month - 1) + day
        var year = year
        if month <= 2 {
            year -= 1
        } else {
            total -= (month * 4 + 23) / 10
        }
        return total + year / 4 - ((year / 100 + 1) * 3) / 4
    }
}
