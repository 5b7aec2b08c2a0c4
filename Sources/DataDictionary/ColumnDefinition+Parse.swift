extension ColumnDefinition {
    /// The typed value of one field of this column, checked by the same rules a row's field passes
    /// in ``RowValidator`` (for filters and keys given one at a time, e.g. in a URL).
    public func value(of field: String) -> Result<CellValue, Violation> {
        FieldCheck(column: self).validate(field)
    }
}
