"""简体中文: the daily brief (merged into tui.i18n.zh_CN.ZH).

The sentences follow the group's own reports: "截至2月3日12时，已有138人参与保障工作，…".
"""

ZH: dict[str, str] = {
    # times and dates as the reports write them: 截至2月3日12时, 昨日12时以来
    "{hour:02d}:00": "{hour}时",
    "{hour:02d}:{minute}": "{hour}时{minute}分",
    "{day} {month}": "{month}{day}日",
    "As of {time} on {day}": "截至{day}{time}",
    "since {time} yesterday": "昨日{time}以来",
    "January": "1月",
    "February": "2月",
    "March": "3月",
    "April": "4月",
    "May": "5月",
    "June": "6月",
    "July": "7月",
    "August": "8月",
    "September": "9月",
    "October": "10月",
    "November": "11月",
    "December": "12月",
    "{days} d {hours} h": "{days}天{hours}小时",
    "{kind}: {what}": "{kind}：{what}",
    # the sections and their sentences
    "Medical supplies guarantee: daily brief": "医疗物资保障工作日报",
    "1. People": "一、人员情况",
    "2. Enterprises resuming production": "二、企业复工复产",
    "3. Output and stock": "三、重点物资产量与库存",
    "4. Licences": "四、资质办理",
    "5. Shortages": "五、短缺问题协调",
    "6. Shortages open longest": "六、尚未解决时间最长的问题",
    "{as_of}, {participating} people are taking part in the work (coordinators: {coordinators}, "
    "field cadres: {field}); {on_duty} have been on duty {since}, {on_site} of them on site at {time}.":
        "{as_of}，已有{participating}人参与保障工作（协调人员{coordinators}人、驻厂干部{field}人），"
        "{since}在岗{on_duty}人，其中{time}在厂{on_site}人。",
    "{total} enterprises are on the directory; {resumed} have resumed production, {full_load} of them "
    "at full load; {newly} more resumed {since}.":
        "名录内企业{total}家，已复工复产{resumed}家，其中满负荷生产{full_load}家；{since}新增复工复产{newly}家。",
    "Yesterday's output ({day}) and stock of the {items} catalogue items against the daily demand: "
    "{below} of them made less than the demand.":
        "昨日（{day}）{items}种目录物资的产量、库存与日需求如下，其中{below}种产量低于日需求。",
    "{total} licences granted in all, {recent} of them since yesterday.":
        "累计取得资质{total}项，其中昨日以来新增{recent}项。",
    "{opened} shortages reported {since}, {solved} solved and {closed} closed unresolved; of {total} "
    "reported in all, {solved_total} are solved, {closed_total} closed unresolved and {still_open} "
    "still open.":
        "{since}新报告短缺问题{opened}个，解决{solved}个，未解决关闭{closed}个；累计报告{total}个，"
        "已解决{solved_total}个，未解决关闭{closed_total}个，尚未解决{still_open}个。",
    "The {n} shortages open longest:": "尚未解决时间最长的{n}个问题：",
    "No shortage is open.": "暂无未解决的短缺问题。",
    # table columns
    "Output yesterday": "昨日产量",
    "Daily demand": "日需求",
    "% of demand": "产需比",
    "No.": "编号",
    "Shortage of": "短缺内容",
    "Hours open": "已持续小时数",
    # the workbook: sheet names and figures
    "Output and stock": "产量与库存",
    "Open longest": "未解决时间最长",
    "Resumption": "复工复产",
    "Figure": "指标",
    "Value": "数值",
    "As of": "截至时间",
    "Period from": "统计起始时间",
    "Taking part": "参与保障人数",
    "Coordinators": "协调人员",
    "Field cadres": "驻厂干部",
    "On duty in the period": "期间在岗人数",
    "On site at the time of the brief": "截至时在厂人数",
    "On the directory": "名录内企业",
    "Resumed, full load included": "已复工复产（含满负荷）",
    "Resumed in the period": "期间新增复工复产",
    "Granted in all": "累计取得资质",
    "Granted since yesterday": "昨日以来新增资质",
    "Reported in the period": "期间新报告",
    "Solved in the period": "期间解决",
    "Closed unresolved in the period": "期间未解决关闭",
    "Reported in all": "累计报告",
    "Solved in all": "累计已解决",
    "Closed unresolved in all": "累计未解决关闭",
    "Still open": "尚未解决",
    # the command
    "Brief written to {path}": "简报已保存到 {path}",
    "{time} is in the future: a brief is of what has happened": "{time} 尚未到来：简报只统计已发生的情况",
    "An xlsx brief needs a file: --output FILE": "xlsx 格式的简报需要指定文件：--output FILE",
    "Not a time: {value} (use 'YYYY-MM-DD HH:MM', 'YYYY-MM-DD' or 'HH:MM')":
        "不是有效的时间：{value}（请用 'YYYY-MM-DD HH:MM'、'YYYY-MM-DD' 或 'HH:MM'）",
    "Cannot write {path}: {error}": "无法写入 {path}：{error}",
}
