"""简体中文: the dashboard, the brief screen and the header (merged into tui.i18n.zh_CN.ZH)."""

ZH: dict[str, str] = {
    # the screen and its keys
    "The overview: supply against demand per item (enter: the enterprises making it), enterprises, "
    "shortages and people. The key in brackets after a figure opens the list behind it; b shows the brief.":
        "总览：各目录物资供需（回车：查看生产该物资的企业）、企业、短缺与人员。数字后方括号中的按键打开对应清单；b 生成简报。",
    "Not reported": "今日未报",
    "Enterprises that have not reported today": "今日尚未填报的企业",
    "Critical": "特急",
    "Open critical shortages": "未解决的特急短缺",
    "Overdue": "逾期",
    "Open shortages past their need-by date": "已超过需求日期仍未解决的短缺",
    "Due for escalation": "待升级",
    "Open at district level for more than 24 hours": "区县级超过 24 小时未解决",
    "Oldest": "最久",
    "The oldest open shortage": "最久未解决的短缺",
    "Unstaffed": "无人驻厂",
    "Brief": "简报",
    "The daily brief as of now, shown and saved": "截至现在的每日简报，显示并保存",
    "dashboard": "总览",
    "not reported today": "今日未报",
    "overdue shortages": "逾期短缺",
    "due for escalation": "待升级",
    "unstaffed enterprises": "无人驻厂企业",
    "brief": "简报",
    "today": "今日",
    # the figures
    "Supply against demand · output of {date}": "供需对比 · {date} 产量",
    "Enterprises by district": "各区县企业",
    "All": "合计",
    "Demand": "需求",
    "overdue": "逾期",
    "opened today": "今日新增",
    "solved today": "今日解决",
    "Oldest open: ": "最久未解决：",
    "for {age}": "已 {age}",
    "{n} days": "{n} 天",
    "checked in today": "今日签到",
    "hours this week": "本周工时",
    "unstaffed": "无人驻厂",
    "Open by kind: ": "未解决（按类别）：",
    # the brief screen
    "The daily brief as of a time, as the group sends it; saved as Markdown and a workbook in the "
    "user data directory. a: another time (e.g. 12:00), escape: back.":
        "截至某一时刻的每日简报，与工作组报送的格式一致；同时以 Markdown 和工作簿保存在用户数据目录。a：换一个时间（如 12:00），esc：返回。",
    "As of…": "截至…",
    "Make the brief as of another time (HH:MM or YYYY-MM-DD HH:MM)": "生成截至另一时间的简报（HH:MM 或 YYYY-MM-DD HH:MM）",
    "Time of the brief (HH:MM or YYYY-MM-DD HH:MM)": "简报时间（HH:MM 或 YYYY-MM-DD HH:MM）",
    "Making the brief…": "正在生成简报…",
    "Saved: {files}": "已保存：{files}",
    # the keys of Textual's DataTable (the supply and district tables), listed by ?
    "Select": "选择",
    "Cursor up": "上移",
    "Cursor down": "下移",
    "Cursor right": "右移",
    "Cursor left": "左移",
    "Top": "顶部",
    "Bottom": "底部",
    # the header
    "updated {time}": "刷新 {time}",
}
