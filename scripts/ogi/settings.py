"""Every threshold of the pipeline, named once, with the reason for its value.

Genre knowledge (words, markers, cells) is in the codebook folder; this module holds only the
numbers that tune how that knowledge is applied.
"""
from __future__ import annotations

# --- the page around the report (ogi.resolve.page) ---------------------------------------------
HEAD_MAX_CHARS = 3000    # titles, 来源 lines and breadcrumbs sit in the first screen of a page
HEAD_LINES = 6           # a title spans at most three lines, after a few lines of furniture
TITLE_LINE_MAX = 40      # a title line or a furniture line is short; prose runs longer
OPENING_CHARS = 600      # the opening sentences that name the report, its agency and period

# --- recognition (ogi.resolve.recognise) --------------------------------------------------------
REPORT_EVIDENCE_MIN = 3  # weighted markers needed: e.g. the Regulation (1) and the period (2),
                         # or three of the report's section headings (1 each)
SECTION_WEIGHT_MAX = 3   # section headings count up to this much (a work summary has headings too)

# --- the statistics year (ogi.resolve.year) -----------------------------------------------------
YEAR_MIN, YEAR_MAX = 2000, 2030   # plausible statistics years (the Regulation took effect in 2008)
BODY_YEAR_MIN_COUNT = 2  # the year the body's sentences speak of: at least twice,
BODY_YEAR_MARGIN = 2     # and at least twice as often as any other year

# --- agencies (ogi.resolve.agency) --------------------------------------------------------------
AGENCY_MAX_CHARS = 30    # the longest agency names (…循环经济工业园管理委员会) stay under this

# --- sentences (ogi.extract.narrative) ----------------------------------------------------------
LABEL_MAX_CHARS = 60       # the words before a number that can name what it counts (a list of kinds
                           # closed by 等各类政务信息 runs long)
POST_LABEL_MAX_CHARS = 12  # and after its counter (收到14件依申请公开, 2名专职工作人员)
SUBJECT_MAX_CHARS = 16     # where a sentence names whom it speaks for (2018年全县各级行政机关共收到…): a
                           # jurisdiction word later in it is an object (监督检查全县…工作), not the counter

# --- the build (ogi.pipeline) ---------------------------------------------------------------------
FILE_SECONDS_MAX = 60      # a report takes well under a second; one that runs a minute is pathological

# --- statistics tables (ogi.extract.grid, table_2019, table_pre2019, tables) ---------------------
TABLE_LABEL_PIECES_MAX = 3      # a 2019 row label joins at most this many cells: a label broken over two
                                # lines (本年新 / 制作数量) plus its note in brackets on a third
FORMAT_2021_COLUMNS_MIN = 2     # column words of the 2021 revision (本年制发…) that mark it: one alone can
                                # be a sentence about the year's documents
PRE2019_MIN_ROWS = 8            # template rows recognised before text without the table's title counts as
                                # the table: a narrative names a few of them in passing, a table dozens
PRE2019_ROW_KEY_MIN_CHARS = 6   # only labels this long count as evidence of the table (专职, 兼职 are words of prose)
PRE2019_LABEL_MAX_CHARS = 60    # labels run to about 25 characters, with numbering and a note somewhat more;
                                # a longer line is prose, not a row
PRE2019_FUZZY = 0.86            # label similarity that accepts a typo (通多不同渠道) but not a neighbouring row
PRE2019_FUZZY_LENGTH_SLACK = 2  # a typo adds or drops at most two characters of a label
PRE2019_HEADER_SCAN_LINES = 12  # the column header sits within this many lines after the title (year line,
                                # 填报单位, a header broken over several lines)
PRE2019_HEADER_WORD_CHARS = 8   # a header cell on a line of its own is a short word (历年累计, 计量单位)

# --- reading files (ogi.read) ----------------------------------------------------------------------
READ_FILE_MAX_BYTES = 200 * 2**20  # a report is a few MB at most (a scanned PDF some tens); a larger file
                                   # is set aside unread rather than taken into memory
ZIP_MAX_BYTES = 200 * 2**20        # a .docx/.xlsx unpacks to a few MB; members that unpack to more in
                                   # total (measured while inflating, not taken from the headers) are a
                                   # zip bomb: set aside, never inflated into memory
ZIP_MAX_RATIO = 100                # Office XML compresses 5-20x (a repetitive sheet up to ~50x); a member
ZIP_RATIO_MIN_BYTES = 2**20        # inflating past 100x its packed size, once over 1 MB, is a bomb
PDF_MAX_PAGES = 500                # reports run 5-60 pages; past this a PDF is a compilation: the first
                                   # pages are read and the row says how many were left
