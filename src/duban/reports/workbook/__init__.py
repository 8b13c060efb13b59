"""The rectification workbook (整改台账): its format, reading, checking, import and export."""
