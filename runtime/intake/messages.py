"""Messages of the data reader, the unit registry and the writers, in Vietnamese and English.

Codes are stable (tests and tools match on them): ``R0xx`` for the unit registry, ``D1xx`` for
problems in the answers (one cell, one row, one column), ``D2xx`` for the shape of a workbook or
file (sheets, header rows, the framework it was made for). :func:`data_diagnostic` renders a
message in the language in force when the problem is found.
"""

from __future__ import annotations

from cqdt.diagnostics import CellRef, Diagnostic, Span, diagnostic
from cqdt.i18n import Catalogue, Message, register

__all__ = ["MESSAGES", "HINTS", "data_diagnostic", "msg"]

MESSAGES: dict[str, Message] = {
    # -- unit registry ------------------------------------------------------------------------
    "R001": Message(
        vi="Tệp danh sách đơn vị thiếu cột {column}",
        en="The units file has no column {column}",
    ),
    "R002": Message(
        vi="Cột không xác định trong tệp danh sách đơn vị: {column}",
        en="Unknown column in the units file: {column}",
    ),
    "R003": Message(
        vi="Mã đơn vị {code} bị trùng trong khối {tier}",
        en="Unit code {code} appears twice in tier {tier}",
    ),
    "R004": Message(vi="Đơn vị {code} không có tên", en="Unit {code} has no name"),
    "R008": Message(
        vi="Ngày không đọc được ở cột {column}", en="The date in column {column} cannot be read"
    ),
    "R005": Message(vi="Dòng thiếu mã đơn vị hoặc khối", en="Row without a unit code or tier"),
    "R006": Message(vi="Không đọc được tệp danh sách đơn vị", en="Cannot read the units file"),
    "R007": Message(
        vi="Đơn vị {code} thuộc khối {tier}, nhưng bộ tiêu chí không có khối này",
        en="Unit {code} is in tier {tier}, which the framework does not have",
    ),
    # -- cells --------------------------------------------------------------------------------
    "D101": Message(vi="Ô {input} phải là số", en="{input} must be a number"),
    "D102": Message(
        vi="Ô {input} ghi {number}: đây là ô tỷ lệ, có phải ý là {number}%?",
        en="Percent cell {input} holds {number}: did you mean {number}%?",
    ),
    "D103": Message(
        vi="{input} vượt quá 100% ({shown})",
        en="Percent {input} is above 100% ({shown})",
    ),
    "D104": Message(vi="{input} không được là số âm", en="Count {input} cannot be negative"),
    "D105": Message(vi="{input} phải là số nguyên", en="Count {input} must be a whole number"),
    "D106": Message(
        vi="{input} nằm ngoài khoảng cho phép {range}",
        en="{input} is outside its valid range {range}",
    ),
    "D107": Message(
        vi="{input} = {amount} lớn hơn {other} = {other_value} (ô {other_cell})",
        en="{input} = {amount} is larger than {other} = {other_value} (cell {other_cell})",
    ),
    "D108": Message(
        vi="Không hiểu câu trả lời Có/Không của {input}",
        en="Cannot read the yes/no answer of {input}",
    ),
    "D109": Message(
        vi="{input}: lựa chọn không có trong danh sách",
        en="{input}: the choice is not one of the options",
    ),
    "D110": Message(vi="Mã đơn vị {code} xuất hiện hai lần", en="Unit code {code} appears twice"),
    "D111": Message(
        vi="Mã đơn vị {code} không có trong danh sách đơn vị của khối {tier}",
        en="Unit code {code} is not in the units registry for tier {tier}",
    ),
    "D112": Message(
        vi="Đơn vị {code} ({name}) của khối {tier} không có dòng số liệu",
        en="Unit {code} ({name}) of tier {tier} has no row of answers",
    ),
    "D113": Message(vi="Thiếu cột {input}", en="Column {input} is missing"),
    "D114": Message(vi="Cột không xác định: {column}", en="Unknown column: {column}"),
    "D115": Message(
        vi="Trang tính {sheet} không thuộc khối đơn vị nào của bộ tiêu chí",
        en="Sheet {sheet} is not for any tier of the framework",
    ),
    "D116": Message(
        vi="Biểu mẫu được tạo cho {made_for}; các câu hỏi của nó khác với bộ tiêu chí {this}: "
        "{changed}",
        en="This workbook was made for {made_for}; its questions differ from those of {this}: "
        "{changed}",
    ),
    "D117": Message(
        vi="Ô có công thức nhưng không có giá trị đã tính",
        en="The cell holds a formula with no computed value",
    ),
    "D118": Message(vi="Chưa trả lời {input}", en="{input} is not answered"),
    "D127": Message(vi="Ô chứa giá trị lỗi của Excel", en="The cell holds an Excel error value"),
    "D119": Message(
        vi="Dòng có số liệu nhưng thiếu mã đơn vị", en="The row has answers but no unit code"
    ),
    "D120": Message(
        vi="Tên đơn vị {code} khác với danh sách đơn vị",
        en="The name of unit {code} differs from the units registry",
    ),
    "D128": Message(
        vi="Không có trang tính của khối {tier}: {count} đơn vị của khối này chưa có số liệu",
        en="No sheet for the tier {tier}: its {count} units have no answers",
    ),
    "D121": Message(
        vi="Khối {tier} không có trang tính/dòng số liệu nào",
        en="Tier {tier} has no sheet or rows",
    ),
    "D122": Message(
        vi="Cột {input} không áp dụng cho khối này; giá trị bị bỏ qua",
        en="Column {input} is not asked of this tier; its values are ignored",
    ),
    "D123": Message(
        vi="Câu trả lời {input} của đơn vị {code} xuất hiện hai lần",
        en="The answer {input} of unit {code} appears twice",
    ),
    "D124": Message(vi="Khối {tier} không có trong bộ tiêu chí", en="Unknown tier {tier}"),
    "D141": Message(
        vi="Phiếu của đơn vị {code} ({name}) để trống: chưa trả lời câu hỏi nào ({count} câu "
        "bắt buộc)",
        en="The form of unit {code} ({name}) is empty: no question is answered ({count} required)",
    ),
    "D140": Message(
        vi="Dòng của đơn vị {code} không ghi khối (cột tier trống)",
        en="The row of unit {code} has no tier (the tier cell is empty)",
    ),
    "D125": Message(vi="Cột {column} bị trùng", en="Column {column} appears twice"),
    "D126": Message(
        vi="Biểu mẫu được tạo cho bộ tiêu chí {made_for}, nhưng có cùng các câu hỏi với {this}",
        en="The form was made for framework {made_for} but asks the same questions as {this}",
    ),
    # -- file shape ---------------------------------------------------------------------------
    "D130": Message(
        vi="Số {shown} ở {input} có thể là hai số khác nhau: dấu chấm hay dấu phẩy là dấu "
        "phân cách hàng nghìn hay dấu thập phân?",
        en="The number {shown} in {input} can be read two ways: is its point or comma a "
        "thousands separator or a decimal mark?",
    ),
    "D131": Message(
        vi="{input} không phải là tỷ lệ nhưng ô có dấu % ({shown})",
        en="{input} is not a percent, but the cell has a % sign ({shown})",
    ),
    "D132": Message(
        vi="Tỷ lệ {input} ghi {shown} không có dấu %: là {shown}% hay {shown} × 100%?",
        en="The percent {input} is {shown} without a % sign: {shown}% or {shown} × 100%?",
    ),
    "D133": Message(
        vi="Tỷ lệ {input} là {shown}: LibreOffice Calc giữ nguyên số gõ vào ô %, "
        "nên nếu đã gõ {typed} để chỉ {typed}% thì ô đang ghi {shown}",
        en="The percent {input} is {shown}: LibreOffice Calc keeps a number typed into a % "
        "cell as it is, so if {typed} was typed to mean {typed}% the cell now says {shown}",
    ),
    "D134": Message(
        vi="Ô nằm dưới một vùng gộp ô bắt đầu từ {anchor}: câu trả lời của ô này bị che mất",
        en="The cell lies under cells merged from {anchor}: its own answer is hidden",
    ),
    "D135": Message(
        vi="Dòng có {found} trường, dòng tiêu đề có {columns}: tệp bị cắt cụt hoặc thiếu ô",
        en="The line has {found} fields, the header has {columns}: the file is cut short or "
        "the line lacks fields",
    ),
    "D136": Message(
        vi="Cột {column} có kiểu {dtype}, không chứa được câu trả lời",
        en="Column {column} is of type {dtype}, which cannot hold an answer",
    ),
    "D201": Message(vi="Không đọc được tệp {file}", en="Cannot read the file {file}"),
    "D202": Message(vi="Không hỗ trợ loại tệp {suffix}", en="Unsupported file type {suffix}"),
    "D203": Message(
        vi="Trang tính {sheet} không có dòng mã cột (dòng có ô cột A ghi 'code')",
        en="Sheet {sheet} has no id row (a row whose column A is 'code')",
    ),
    "D204": Message(vi="Hai trang tính cùng cho khối {tier}", en="Two sheets are for tier {tier}"),
    "D205": Message(
        vi="Tệp thiếu cột bắt buộc {column}", en="The file has no required column {column}"
    ),
    "D129": Message(
        vi="Tệp {file} không có cột nào là câu hỏi của bộ tiêu chí: đây không phải tệp số liệu",
        en="The file {file} has no column for any input of the framework: it holds no answers",
    ),
    # -- the package itself, inspected before any spreadsheet library opens it (safety.py)
    "D220": Message(
        vi="Tệp {file} không phải là sổ tính Excel (.xlsx){kind}",
        en="The file {file} is not an Excel workbook (.xlsx){kind}",
    ),
    "D221": Message(
        vi="Tệp {file} được đặt mật khẩu (mã hóa), không đọc được",
        en="The file {file} is password-protected (encrypted) and cannot be read",
    ),
    "D222": Message(
        vi="Tệp {file} ở định dạng Excel 97–2003 (.xls) cũ",
        en="The file {file} is in the old Excel 97–2003 format (.xls)",
    ),
    "D223": Message(
        vi="Tệp {file} là bảng tính OpenDocument (.ods)",
        en="The file {file} is an OpenDocument spreadsheet (.ods)",
    ),
    "D224": Message(
        vi="Tệp {file} có cấu trúc bất thường, từ chối đọc để an toàn: {reason}",
        en="The file {file} has an abnormal structure and is refused for safety: {reason}",
    ),
    "D225": Message(
        vi="Tệp {file} chứa khai báo XML (DOCTYPE/ENTITY) mà Excel không bao giờ ghi",
        en="The file {file} holds XML declarations (DOCTYPE/ENTITY) that Excel never writes",
    ),
    "D226": Message(
        vi="Trang tính {sheet} có nội dung đến tận ô {cell}, vượt quá cỡ của một biểu mẫu "
        "(tối đa {rows} dòng, {cells} ô)",
        en="Sheet {sheet} has content as far as cell {cell}, beyond the size of a form "
        "(at most {rows} rows, {cells} cells)",
    ),
    "D227": Message(
        vi="Sổ tính liên kết tới tệp khác; chỉ đọc các giá trị đã lưu trong tệp này",
        en="The workbook links to other files; only the values saved in this file are read",
    ),
    "D230": Message(
        vi="Tệp {file} có {found} {what}, vượt quá giới hạn {limit}",
        en="The file {file} has {found} {what}, beyond the limit of {limit}",
    ),
}

HINTS: dict[str, Message] = {
    "R001": Message(
        vi="Dòng đầu của tệp danh sách đơn vị ghi tên các cột: tier, code, name (parent nếu có)",
        en="The first line of the units file names the columns: tier, code, name (and parent)",
    ),
    "R002": Message(
        vi="Xóa cột này hoặc sửa tên cột cho đúng", en="Delete the column or correct its name"
    ),
    "R003": Message(
        vi="Mỗi đơn vị chỉ ghi một dòng trong khối của mình; xóa dòng trùng",
        en="Each unit has one line in its tier; delete the duplicate",
    ),
    "R004": Message(
        vi="Ghi tên đơn vị ở cột name: phụ lục in tên này",
        en="Write the unit's name in the name column: the annex prints it",
    ),
    "R005": Message(
        vi="Ghi khối (tier) và mã đơn vị (code) cho dòng này, hoặc xóa dòng",
        en="Give this line a tier and a unit code, or delete it",
    ),
    "R008": Message(
        vi="Ghi ngày theo dạng 01/02/2020 (ngày/tháng/năm) hoặc 2020-02-01",
        en="Write the date as 01/02/2020 (day/month/year) or 2020-02-01",
    ),
    "R006": Message(
        vi="Kiểm tra đường dẫn; tệp phải là CSV bảng mã UTF-8 (Excel: Lưu thành › CSV UTF-8)",
        en="Check the path; the file must be UTF-8 CSV (Excel: Save As › CSV UTF-8)",
    ),
    "D121": Message(
        vi="Nếu khối này có đơn vị, thêm trang tính hoặc dòng số liệu của họ",
        en="If this tier has units, add their sheet or rows",
    ),
    "D122": Message(
        vi="Khối này không trả lời câu hỏi đó; xóa giá trị nếu nhập nhầm cột",
        en="This tier is not asked that question; delete the values if they went in the wrong column",
    ),
    "D123": Message(
        vi="Mỗi câu trả lời của một đơn vị chỉ ghi một dòng; xóa dòng trùng",
        en="Each answer of a unit has one line; delete the duplicate",
    ),
    "D124": Message(
        vi="Cột tier ghi mã khối như trong bộ tiêu chí", en="Write a tier id of the framework"
    ),
    "D125": Message(
        vi="Mỗi mã cột chỉ xuất hiện một lần; xóa hoặc sửa cột trùng",
        en="Each id appears once in the id row; delete or correct the duplicate column",
    ),
    "D126": Message(
        vi="Có thể dùng tiếp; nên tạo lại biểu mẫu bằng cqdt template cho bộ tiêu chí hiện hành",
        en="It can be used; better make a new form with cqdt template for this framework",
    ),
    "D204": Message(
        vi="Mỗi khối chỉ có một trang tính; gộp số liệu vào một trang",
        en="Each tier has one sheet; put its answers on one sheet",
    ),
    "D205": Message(
        vi="Tệp CSV/Parquet cần các cột tier, code, name và một cột cho mỗi câu hỏi",
        en="A CSV/Parquet file needs the columns tier, code, name and one column per input",
    ),
    "R007": Message(
        vi="Ghi khối đúng như trong bộ tiêu chí (phân biệt chữ hoa, chữ thường), một trong: "
        "{tiers}; hoặc bỏ đơn vị này khỏi danh sách",
        en="Spell the tier exactly as the framework does (case matters), one of: {tiers}; "
        "or remove the unit from the registry",
    ),
    "D141": Message(
        vi="Điền phiếu rồi gửi lại; nếu đơn vị chưa gửi phiếu, bỏ tệp khỏi thư mục để đơn vị "
        "được ghi là chưa gửi phiếu",
        en="Fill in the form and send it again; if the unit has not sent its form, take the file "
        "out of the folder so the unit is listed as not submitted",
    ),
    "D140": Message(
        vi="Ghi khối của đơn vị (một trong: {tiers}); một dòng không bao giờ bị bỏ qua lặng lẽ",
        en="Fill in the unit's tier (one of: {tiers}); a row is never dropped silently",
    ),
    "D120": Message(
        vi="Phụ lục và kết quả ghi tên trong danh sách đơn vị; nếu tên đã đổi, sửa danh sách (--units)",
        en="The annex and results print the registry's name; if the unit was renamed, correct the registry (--units)",
    ),
    "D101": Message(
        vi="Nhập một số, ví dụ 12 hoặc 3,5; để trống nếu chưa có số liệu",
        en="Enter a number such as 12 or 3.5; leave empty when there is no answer",
    ),
    "D102": Message(
        vi="Trong ô tỷ lệ, 85% được lưu là 0,85: nhập 85% (có dấu %) hoặc 0,85",
        en="In a percent cell 85% is stored as 0.85: type 85% (with the % sign) or 0.85",
    ),
    "D103": Message(vi="Một tỷ lệ nằm trong 0%–100%", en="A percent lies between 0% and 100%"),
    "D104": Message(vi="Nhập số từ 0 trở lên", en="Enter 0 or more"),
    "D105": Message(vi="Nhập số nguyên, ví dụ 12", en="Enter a whole number such as 12"),
    "D106": Message(vi="Sửa giá trị cho đúng khoảng", en="Correct the value to fit the range"),
    "D107": Message(
        vi="Kiểm tra lại hai ô: giá trị này không thể lớn hơn giá trị kia",
        en="Check both cells: this value cannot exceed the other",
    ),
    "D108": Message(
        vi="Các cách viết được chấp nhận: {accepted}", en="Accepted spellings: {accepted}"
    ),
    "D109": Message(vi="Chọn một trong: {options}", en="Choose one of: {options}"),
    "D110": Message(
        vi="Mỗi đơn vị chỉ có một dòng; gộp hoặc xóa dòng trùng",
        en="Each unit has one row; merge or delete the duplicate",
    ),
    "D111": Message(
        vi="Kiểm tra mã đơn vị, hoặc bổ sung đơn vị vào danh sách",
        en="Check the code, or add the unit to the registry",
    ),
    "D112": Message(
        vi="Thêm dòng cho đơn vị này (một đơn vị không bao giờ bị bỏ qua)",
        en="Add a row for this unit (a unit is never dropped silently)",
    ),
    "D113": Message(
        vi="Dùng biểu mẫu do cqdt tạo (lệnh cqdt template); các cột được nhận theo mã ở dòng mã cột",
        en="Use the form cqdt makes (cqdt template); columns are matched by the id row",
    ),
    "D114": Message(
        vi="Xóa cột này hoặc sửa mã cột cho đúng", en="Delete the column or correct its id"
    ),
    "D115": Message(
        vi="Đặt lại tên trang tính như trong biểu mẫu, là một trong: {tiers}",
        en="Rename the sheet as in the form, to one of: {tiers}",
    ),
    "D129": Message(
        vi="Có thể đã đưa nhầm danh sách đơn vị (--units) vào chỗ tệp số liệu. Tệp số liệu là "
        "phiếu khảo sát .xlsx (lệnh cqdt template) hoặc tệp CSV có cột tier, code và một cột "
        "cho mỗi câu hỏi",
        en="Perhaps the units list (--units) was given in place of the data. The data is the "
        ".xlsx survey form (cqdt template) or a CSV with tier, code and one column per input",
    ),
    "D128": Message(
        vi="Trang tính của khối này phải mang tên '{sheet}' như trong biểu mẫu: đặt lại tên "
        "nếu đã đổi, hoặc chép lại trang tính từ biểu mẫu (cqdt template)",
        en="The sheet of this tier must be named '{sheet}' as in the form: rename it back if it "
        "was renamed, or copy the sheet from the form (cqdt template)",
    ),
    "D116": Message(
        vi="Tạo phiếu mới mang sang câu trả lời cũ: cqdt template MỚI.cqdt --from PHIẾU_CŨ "
        "(câu hỏi không đổi được điền sẵn, câu mới và câu đổi được đánh dấu)",
        en="Make a new form carrying the old answers over: cqdt template NEW.cqdt --from OLD_FORMS "
        "(unchanged questions are prefilled, new and changed ones marked)",
    ),
    "D117": Message(
        vi="Mở tệp bằng Excel và lưu lại để tính công thức, hoặc thay công thức bằng giá trị",
        en="Open and save the file in Excel so formulas are computed, or type the values",
    ),
    "D118": Message(vi="Câu hỏi này bắt buộc trả lời", en="This question must be answered"),
    "D127": Message(
        vi="Sửa công thức hoặc nhập giá trị", en="Correct the formula or type the value"
    ),
    "D119": Message(
        vi="Nhập mã đơn vị ở cột A hoặc xóa dòng",
        en="Enter the unit code in column A or delete the row",
    ),
    "D130": Message(
        vi="Gõ số không có dấu phân cách hàng nghìn (1234), hoặc thêm chữ số thập phân "
        "(1,2340) nếu là số thập phân",
        en="Type the number without a thousands separator (1234), or with one more decimal "
        "digit (1.2340) if it is a decimal",
    ),
    "D131": Message(
        vi="Xóa dấu % và nhập giá trị theo đơn vị của câu hỏi",
        en="Remove the % sign and type the value in the input's own unit",
    ),
    "D132": Message(
        vi="Gõ kèm dấu %, ví dụ 1% hoặc 100%, hoặc định dạng ô là tỷ lệ (%)",
        en="Type the % sign, e.g. 1% or 100%, or format the cell as a percent",
    ),
    "D133": Message(
        vi="Kiểm tra lại ô; nếu muốn {typed}% hãy gõ {typed}% (có dấu %)",
        en="Check the cell; if {typed}% was meant, type {typed}% (with the % sign)",
    ),
    "D134": Message(
        vi="Bỏ gộp ô (Unmerge) và nhập câu trả lời vào từng ô",
        en="Unmerge the cells and type each answer in its own cell",
    ),
    "D135": Message(
        vi="Kiểm tra tệp có được chép đầy đủ không, và mỗi dòng có đủ dấu phân cách",
        en="Check that the file was copied whole and that each line has all its separators",
    ),
    "D136": Message(
        vi="Ghi cột này dưới dạng số, văn bản (UTF-8) hoặc đúng/sai",
        en="Write this column as numbers, UTF-8 text or booleans",
    ),
    "D201": Message(vi="Kiểm tra tệp có mở được không", en="Check that the file opens"),
    "D202": Message(vi="Dùng .xlsx, .csv hoặc .parquet", en="Use .xlsx, .csv or .parquet"),
    "D203": Message(
        vi="Chép lại dòng 2 (dòng mã cột) từ biểu mẫu do cqdt tạo (lệnh cqdt template); "
        "không sửa, không xóa dòng này",
        en="Use the form cqdt makes; do not delete the id row",
    ),
    "D220": Message(
        vi="Mở tệp bằng Excel rồi chọn Lưu thành (Save As) › Sổ làm việc Excel (*.xlsx)",
        en="Open the file in Excel and use Save As › Excel Workbook (*.xlsx)",
    ),
    "D221": Message(
        vi="Mở tệp bằng Excel, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại",
        en="Open it in Excel, remove the password (File › Info › Protect Workbook), save again",
    ),
    "D222": Message(
        vi="Mở tệp bằng Excel rồi Lưu thành › Sổ làm việc Excel (*.xlsx)",
        en="Open it in Excel and Save As › Excel Workbook (*.xlsx)",
    ),
    "D223": Message(
        vi="Trong LibreOffice chọn Lưu thành › Excel 2007-365 (.xlsx)",
        en="In LibreOffice use Save As › Excel 2007-365 (.xlsx)",
    ),
    "D224": Message(
        vi="Dùng biểu mẫu do cqdt tạo; nếu tệp đúng là của đơn vị, mở bằng Excel và lưu lại",
        en="Use the form cqdt makes; if the file is genuine, open it in Excel and save it again",
    ),
    "D225": Message(
        vi="Mở tệp bằng Excel và lưu lại, hoặc dùng lại biểu mẫu do cqdt tạo",
        en="Open the file in Excel and save it again, or start again from the cqdt form",
    ),
    "D226": Message(
        vi="Xóa các dòng, cột thừa sau đơn vị cuối cùng (Ctrl+End cho biết ô cuối); "
        "dữ liệu rất lớn hãy dùng CSV hoặc Parquet",
        en="Delete the rows and columns after the last unit (Ctrl+End shows the last cell); "
        "use CSV or Parquet for very large data",
    ),
    "D227": Message(
        vi="Kiểm tra các ô lấy giá trị từ tệp khác, hoặc dán giá trị (Paste Values) thay công thức",
        en="Check the cells that take values from other files, or paste values over the formulas",
    ),
    "D230": Message(
        vi="Tách tệp thành nhiều tệp nhỏ hơn, hoặc bỏ các cột không thuộc bộ tiêu chí",
        en="Split the file into smaller ones, or drop the columns the framework does not ask",
    ),
}


CATALOGUE = register(
    Catalogue(name="data", prefixes=("R0", "D1", "D2"), messages=MESSAGES, hints=HINTS)
)


def msg(code: str, **fields: object) -> str:
    """The message of ``code`` in the language in force."""
    return MESSAGES[code].render(**fields)


def data_diagnostic(
    code: str,
    where: CellRef | Span | None,
    /,
    *,
    value: object = None,
    expected: str | None = None,
    hint_fields: dict[str, object] | None = None,
    related: tuple[tuple[CellRef | Span, str], ...] = (),
    warning: bool = False,
    **fields: object,
) -> Diagnostic:
    """A data diagnostic (see :func:`cqdt.diagnostics.diagnostic`); the hint is filled with
    ``hint_fields`` only, as data hints name the valid answers rather than the bad one."""
    return diagnostic(
        code,
        where,
        value=value,
        expected=expected,
        hint_fields=hint_fields or {},
        related=related,
        warning=warning,
        **fields,
    )
