;;; emacs_test.el --- Drive Emacs + eglot against the real glossary-lsp, in batch  -*- lexical-binding: t; -*-

;; emacs --batch -Q -l editors/tests/emacs_test.el BINARY
;;
;; Loads the SHIPPED editors/emacs/glossary-lsp.el (only `glossary-lsp-program' is set, to the
;; binary under test, and `glossary-lsp-settings' raises one rule's severity to show that settings
;; reach the server), opens a partner Markdown document, an .mdx page and a .txt file the way a
;; user would, and checks diagnostics (ranges, codes), hover, completion through eglot's
;; completion-at-point and quick fixes applied to the buffer.  eglot 1.9 speaks UTF-16, so the
;; emoji lines check that conversion.  Then what writers hit: a completion accepted with M-TAB,
;; a rule setting removed (its default comes back), .glossary-lsp.toml edited while a document
;; is open, "add exception" on a selected name, and "fix all safe findings".  Prints `ok NAME' / `FAIL NAME: why' lines and `RESULT emacs: N passed, M failed';
;; exits 1 on any failure.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defvar gt-bin (or (car command-line-args-left) (error "usage: emacs_test.el BINARY")))
(setq command-line-args-left nil)
(defvar gt-here (file-name-directory (or load-file-name buffer-file-name)))
(defvar gt-passed 0)
(defvar gt-failed 0)

(defun gt-out (s) (princ (concat s "\n")))
(defun gt-check (name ok &optional detail)
  (if ok
      (progn (cl-incf gt-passed) (gt-out (concat "ok " name)))
    (cl-incf gt-failed)
    (gt-out (format "FAIL %s: %s" name (or detail ""))))
  ok)
(defun gt-finish ()
  (gt-out (format "RESULT emacs: %d passed, %d failed" gt-passed gt-failed))
  (ignore-errors (dolist (s (hash-table-values eglot--servers-by-project))
                   (dolist (srv s) (eglot-shutdown srv))))
  (kill-emacs (if (and (zerop gt-failed) (> gt-passed 0)) 0 1)))

;; Debian's elpa-eglot and elpa-markdown-mode under -Q.
(setq package-user-dir (make-temp-file "gt-elpa" t))
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(setq make-backup-files nil create-lockfiles nil auto-save-default nil
      eglot-sync-connect t eglot-autoshutdown t)

(add-to-list 'load-path (expand-file-name "../emacs" gt-here))
(require 'glossary-lsp)
(setq glossary-lsp-program gt-bin)
;; Settings reach the server: MSP's finding becomes a warning instead of an info (a note).
(setq glossary-lsp-settings
      '(:builtin t :rules (:acronym-before-definition "warning") :inlayHints :json-false))

;; The workspace: a temporary folder (the test edits the files) marked by .glossary-lsp.toml.
(defvar gt-ws (file-name-as-directory (make-temp-file "gt-ws" t)))
(dolist (f '("partner-onboarding.md" "partner-notes.txt"))
  (copy-file (expand-file-name (concat "fixtures/" f) gt-here) (concat gt-ws f)))
(with-temp-file (concat gt-ws ".glossary-lsp.toml") (insert "builtin = true\n"))

(defun gt-wait (pred &optional secs)
  "Process events until PRED holds or SECS (default 10) pass."
  (let ((end (+ (float-time) (or secs 10))))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun gt-diags ()
  (sort (cl-remove-if-not (lambda (d) (eq (flymake-diagnostic-backend d) 'eglot-flymake-backend))
                          (flymake-diagnostics))
        (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))

(defun gt-open (file)
  "Visit FILE as a user would and start eglot; return t once diagnostics are in."
  (find-file (concat gt-ws file))
  ;; eglot-ensure waits for post-command-hook, which never runs in batch.
  (apply #'eglot (eglot--guess-contact))
  (and (gt-wait (lambda () (and (eglot-current-server)
                                (eglot--capabilities (eglot-current-server)))))
       (progn (flymake-start)
              (gt-wait (lambda () (flymake-start) (gt-diags)))
              (gt-settle))))

(defun gt-settle ()
  "Wait until the diagnostics have not changed for 0.3 s (settings sent after connecting make the
server publish again)."
  (let ((last nil) (since (float-time)) (end (+ (float-time) 5)))
    (while (and (< (- (float-time) since) 0.3) (< (float-time) end))
      (accept-process-output nil 0.05)
      (flymake-start)
      (let ((now (mapcar (lambda (d) (list (flymake-diagnostic-beg d) (flymake-diagnostic-type d)))
                         (gt-diags))))
        (unless (equal now last) (setq last now since (float-time)))))
    (gt-diags)))

(defun gt-line (n)
  "Text of 0-based line N."
  (save-excursion (goto-char (point-min)) (forward-line n)
                  (buffer-substring-no-properties (line-beginning-position) (line-end-position))))

(defun gt-pos (n text &optional off)
  "Buffer position of TEXT (plus OFF characters) on 0-based line N."
  (save-excursion (goto-char (point-min)) (forward-line n)
                  (search-forward text (line-end-position))
                  (+ (match-beginning 0) (or off 0))))

(defun gt-lsp (d) (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))

(defun gt-check-diags (tag expected)
  "EXPECTED: ((LINE TEXT CODE TYPE UTF16-COL) ...)."
  (let ((ds (gt-diags)))
    (gt-check (format "%s diagnostics count" tag) (= (length ds) (length expected))
              (format "got %d: %S" (length ds) (mapcar #'flymake-diagnostic-text ds)))
    (cl-loop for (line text code type col16) in expected for d in ds
             for name = (format "%s diagnostic %d:%s %s" tag (1+ line) text code)
             for beg = (gt-pos line text)
             for lsp = (gt-lsp d)
             for r = (plist-get lsp :range)
             do
             (gt-check (concat name " region") (and (= (flymake-diagnostic-beg d) beg)
                                                    (= (flymake-diagnostic-end d) (+ beg (length text))))
                       (format "want %d-%d got %d-%d (%S)" beg (+ beg (length text))
                               (flymake-diagnostic-beg d) (flymake-diagnostic-end d)
                               (buffer-substring (flymake-diagnostic-beg d) (flymake-diagnostic-end d))))
             (gt-check (concat name " lsp range (utf-16)")
                       (equal (list (plist-get (plist-get r :start) :line)
                                    (plist-get (plist-get r :start) :character)
                                    (plist-get (plist-get r :end) :character))
                              (list line col16 (+ col16 (length text))))
                       (format "%S" r))
             (gt-check (concat name " code") (equal (plist-get lsp :code) code) (format "%S" (plist-get lsp :code)))
             (gt-check (concat name " text") (string-prefix-p (format "glossary-lsp [%s]: " code)
                                                              (flymake-diagnostic-text d))
                       (flymake-diagnostic-text d))
             (gt-check (concat name " type") (eq (flymake-diagnostic-type d) type)
                       (format "%S" (flymake-diagnostic-type d))))
    ds))

(defun gt-hover (pos)
  (save-excursion
    (goto-char pos)
    (let* ((r (jsonrpc-request (eglot-current-server) :textDocument/hover
                               (eglot--TextDocumentPositionParams)))
           (c (plist-get r :contents)))
      (or (plist-get c :value) (format "%S" c)))))

(defun gt-quick-fix (d title)
  "Ask for D's code actions and apply the one titled TITLE; return the titles offered."
  (let* ((lsp (gt-lsp d))
         (actions (jsonrpc-request
                   (eglot-current-server) :textDocument/codeAction
                   (list :textDocument (eglot--TextDocumentIdentifier)
                         :range (plist-get lsp :range)
                         :context (list :diagnostics (vector lsp)))))
         (titles (mapcar (lambda (a) (plist-get a :title)) actions))
         (a (cl-find title actions :key (lambda (a) (plist-get a :title)) :test #'equal)))
    (when a (eglot--apply-workspace-edit (plist-get a :edit)))
    (cons (and a t) titles)))

(defun gt-complete (typed label)
  "Type TYPED on a new last line, complete through eglot's capf and accept LABEL.
Return (NEW-LINE . CANDIDATES)."
  (goto-char (point-max))
  (unless (bolp) (insert "\n"))
  (insert typed)
  (let* ((capf (eglot-completion-at-point))
         (beg (nth 0 capf)) (end (nth 1 capf)) (table (nth 2 capf))
         (exit (plist-get (nthcdr 3 capf) :exit-function))
         (cands (all-completions (buffer-substring-no-properties beg end) table))
         (pick (cl-find label cands :test #'equal)))
    (when pick
      ;; What a completion UI does on accepting a candidate.
      (delete-region beg end)
      (goto-char beg)
      (insert pick)
      (when exit (funcall exit pick 'finished)))
    (cons (and pick (gt-line (1- (line-number-at-pos (point-max))))) cands)))

(defun gt-wait-count (n)
  ;; eglot sends didChange from an idle timer, and batch Emacs is never idle: send it now.
  (eglot--signal-textDocument/didChange)
  (gt-wait (lambda () (flymake-start) (= (length (gt-diags)) n))))

;;;; Markdown
(gt-check "md attached and diagnosed" (gt-open "partner-onboarding.md") "no diagnostics within 10 s")
(unless (gt-diags) (gt-finish))
(gt-out (format "info emacs %s eglot %s" emacs-version
                (with-temp-buffer (insert-file-contents (locate-library "eglot.el"))
                                  (and (re-search-forward "^;; Version: \\(.*\\)" nil t) (match-string 1)))))
(gt-check "md major mode" (eq major-mode 'markdown-mode) (format "%S" major-mode))
(gt-check "md server is glossary-lsp" (cl-typep (eglot-current-server) 'glossary-lsp-server))
(gt-check "md languageId markdown" (equal (eglot--language-id (eglot-current-server)) "markdown"))

(let ((ds (gt-check-diags "md" '((12 "MSP" "acronym-before-definition" eglot-warning 7)
                                 (15 "resellers" "context-misuse" eglot-warning 4)
                                 (18 "Value Added Reseller" "non-preferred-form" eglot-warning 20)))))
  ;; The emoji line in Emacs terms: U+1F680 is one character (column 6 in chars, 7 in UTF-16).
  (gt-check "md emoji: MSP at character column 6"
            (save-excursion (goto-char (flymake-diagnostic-beg (car ds)))
                            (and (= (current-column) 7) ; the rocket is 2 columns wide on screen
                                 (= (- (point) (line-beginning-position)) 6)
                                 (looking-at "MSP")))
            (format "%d" (- (flymake-diagnostic-beg (car ds)) (save-excursion (goto-char (flymake-diagnostic-beg (car ds))) (line-beginning-position)))))
  (gt-check "md settings reached the server (MSP is a warning)"
            (eq (flymake-diagnostic-type (car ds)) 'eglot-warning))

  (let ((h (gt-hover (gt-pos 18 "Added"))))
    (gt-check "md hover \"Value Added Reseller\" has the definition"
              (string-match-p (regexp-quote "resells them to end customers after adding value") h) h))
  (let ((h (gt-hover (gt-pos 18 "VAR" 1))))
    (gt-check "md hover \"VAR\" has the definition"
              (string-match-p (regexp-quote "A value-added reseller (VAR) is a company that buys products") h) h))
  (let ((h (gt-hover (gt-pos 12 "MSP" 2))))
    (gt-check "md hover \"MSP\" after the emoji has the definition"
              (string-match-p (regexp-quote "delivers IT, security, or software services") h) h))

  (let ((r (gt-quick-fix (nth 2 ds) "Replace with “value-added reseller”")))
    (gt-check "md quick fix offered" (car r) (format "%S" (cdr r))))
  (gt-check "md quick fix text"
            (equal (gt-line 18) "We also work with a value-added reseller in each region. Every VAR signs the")
            (gt-line 18))
  (gt-check "md diagnostics updated after fix" (gt-wait-count 2)
            (format "%S" (mapcar #'flymake-diagnostic-text (gt-diags))))
  (let ((r (gt-quick-fix (car (gt-diags)) "Replace with “managed service provider (MSP)”")))
    (gt-check "md emoji-line quick fix offered" (car r) (format "%S" (cdr r))))
  (gt-check "md emoji-line quick fix text"
            (equal (gt-line 12) "🚀 The managed service provider (MSP) tier opens in March for companies that run our platform for their clients.")
            (gt-line 12))
  (gt-check "md diagnostics updated after second fix" (gt-wait-count 1)
            (format "%S" (mapcar #'flymake-diagnostic-text (gt-diags)))))

(let ((r (gt-complete "Talk to a val" "value-added reseller")))
  (gt-check "md completion offers \"value-added reseller\"" (member "value-added reseller" (cdr r))
            (format "%S" (cdr r)))
  (gt-check "md completion applied" (equal (car r) "Talk to a value-added reseller") (format "%S" (car r))))
(let ((r (gt-complete "Our new dist" "distributor")))
  (gt-check "md completion \"dist\" -> distributor" (equal (car r) "Our new distributor")
            (format "%S" r)))

(gt-check "md M-TAB runs completion-at-point (not ispell)"
          (eq (key-binding (kbd "C-M-i")) 'completion-at-point)
          (format "%S" (key-binding (kbd "C-M-i"))))
;; "Fix all safe findings in this document": offered among the code actions, its edit applied
;; (the discouraged "system integrator" is fixed; "Value Added Reseller" there is not a safe fix).
(goto-char (point-max))
(insert "\nWe met a Value Added Reseller and a system integrator.\n")
(eglot--signal-textDocument/didChange)
(gt-wait (lambda () (flymake-start)
           (cl-some (lambda (d) (string-match-p "Value Added" (buffer-substring (flymake-diagnostic-beg d) (flymake-diagnostic-end d))))
                    (gt-diags))))
(let* ((actions (jsonrpc-request (eglot-current-server) :textDocument/codeAction
                                 (list :textDocument (eglot--TextDocumentIdentifier)
                                       :range (list :start (eglot--pos-to-lsp-position (point-min))
                                                    :end (eglot--pos-to-lsp-position (point-min)))
                                       :context (list :diagnostics [] :only ["source.fixAll"]))))
       (fix (cl-find-if (lambda (a) (string-prefix-p "Fix all safe findings" (plist-get a :title)))
                        (append actions nil))))
  (gt-check "md fix all offered (source.fixAll)" fix (format "%S" actions))
  (when fix (eglot--apply-workspace-edit (plist-get fix :edit)))
  (gt-check "md fix all applied"
            (save-excursion (goto-char (point-max))
                            (search-backward "We met a Value Added Reseller and a systems integrator." nil t))
            (buffer-substring-no-properties (max (point-min) (- (point-max) 80)) (point-max))))

;;;; MDX: in markdown-mode (glossary-lsp.el sets that up), read as MDX by the server.
(with-temp-file (concat gt-ws "guide.mdx")
  (insert "import Tabs from '@theme/Tabs';\n\n<Admonition type=\"tip\" title=\"value added reseller\">\n"
          "  We work with a value added reseller {props.value_added_reseller}.\n</Admonition>\n"))
(gt-check "mdx attached and diagnosed" (gt-open "guide.mdx") "no diagnostics within 10 s")
(gt-check "mdx major mode" (eq major-mode 'markdown-mode) (format "%S" major-mode))
(gt-check-diags "mdx" '((3 "value added reseller" "non-preferred-form" eglot-warning 17)))

;;;; Plain text
(gt-check "txt attached and diagnosed" (gt-open "partner-notes.txt") "no diagnostics within 10 s")
(unless (gt-diags) (gt-finish))
(gt-check "txt major mode" (eq major-mode 'text-mode) (format "%S" major-mode))
(gt-check "txt languageId text" (equal (eglot--language-id (eglot-current-server)) "text")
          (eglot--language-id (eglot-current-server)))
(let ((ds (gt-check-diags "txt" '((2 "MSP" "acronym-before-definition" eglot-warning 7)
                                  (3 "system integrators" "non-preferred-form" eglot-warning 14)))))
  (gt-check "txt emoji: MSP at character column 6"
            (= (- (flymake-diagnostic-beg (car ds))
                  (save-excursion (goto-char (flymake-diagnostic-beg (car ds))) (line-beginning-position)))
               6))
  (let ((h (gt-hover (gt-pos 3 "distributor" 3))))
    (gt-check "txt hover \"distributor\" has the definition"
              (and (string-match-p "distributor" h) (string-match-p "buys" h)) h))
  (let ((r (gt-quick-fix (nth 1 ds) "Replace with “systems integrators”")))
    (gt-check "txt quick fix offered" (car r) (format "%S" (cdr r))))
  (gt-check "txt quick fix text"
            (equal (gt-line 3) "We signed two systems integrators and a distributor in the Nordics.")
            (gt-line 3))
  (gt-check "txt diagnostics updated after fix" (gt-wait-count 1)
            (format "%S" (mapcar #'flymake-diagnostic-text (gt-diags)))))
(let ((r (gt-complete "We met a new man" "managed service provider")))
  (gt-check "txt completion \"man\" -> managed service provider"
            (and (car r) (string-prefix-p "We met a new managed service provider" (car r)))
            (format "%S" r)))

;;;; What writers hit (issue "ready for writers"), in a third document of the Markdown server
;; Messages the server shows (window/showMessage), as eglot shows them.
(defvar gt-messages nil)
(advice-add 'eglot--message :before
            (lambda (fmt &rest args) (push (apply #'format fmt args) gt-messages)))

(defun gt-visit (file text)
  "Write TEXT to FILE in the workspace and visit it: eglot manages it as the running server's."
  (with-temp-file (concat gt-ws file) (insert text))
  (find-file (concat gt-ws file))
  (gt-wait (lambda () (and (eglot-current-server) (progn (flymake-start) (gt-diags)))))
  (gt-settle))

(defun gt-types ()
  (mapcar #'flymake-diagnostic-type (gt-diags)))

;; File notifications (eglot's file watchers) arrive as input events, which the command loop of
;; an interactive Emacs reads; in batch only `read-event' does (stdin is empty: it returns nil or
;; signals at its end, after handling the pending events).
(defun gt-read-events ()
  (ignore-errors (read-event nil nil 0.02)))

(defun gt-wait-types (want &optional secs)
  "Wait until the diagnostics' flymake types are WANT (no edit made)."
  (gt-wait (lambda () (gt-read-events) (flymake-start) (equal (gt-types) want)) secs))

(gt-check "writer doc diagnosed"
          (gt-visit "writer-notes.md" "# Notes\n\nOur MSP tier includes a dedicated partner manager.\n")
          "no diagnostics")
(gt-check "writer doc: MSP is a warning (the settings' severity)" (equal (gt-types) '(eglot-warning))
          (format "%S" (gt-types)))

;; Accepting a completion as a user does: M-TAB (C-M-i) on a word with one candidate completes it
;; in place, through `completion-at-point'.
(goto-char (point-max))
(insert "Ask our ambas")
(gt-check "completion styles in a glossary-lsp buffer: prefix, not flex"
          (equal (alist-get 'eglot completion-category-overrides) '((styles basic partial-completion)))
          (format "%S" completion-category-overrides))
(call-interactively (key-binding (kbd "C-M-i")))
(gt-check "M-TAB accepts the whole term"
          (equal (gt-line (1- (line-number-at-pos (point-max)))) "Ask our ambassador")
          (gt-line (1- (line-number-at-pos (point-max)))))
(delete-region (line-beginning-position) (point-max))
(eglot--signal-textDocument/didChange)

;; Settings: switch the rule off, then remove the setting: its default (info, a flymake note)
;; comes back, not the warning the first settings asked for.
(setq glossary-lsp-settings '(:builtin t :rules (:acronym-before-definition "off") :inlayHints :json-false))
(glossary-lsp-send-settings)
(gt-check "a rule set to off in the settings clears its finding" (gt-wait-types nil)
          (format "%S" (gt-types)))
(setq glossary-lsp-settings '(:builtin t :inlayHints :json-false))
(glossary-lsp-send-settings)
(gt-check "removing the setting restores the rule's default (info)" (gt-wait-types '(eglot-note))
          (format "%S" (gt-types)))

;; .glossary-lsp.toml edited and saved in Emacs while the document is open: its diagnostics
;; follow, with no edit to the document (eglot watches the file for the server).
(let ((doc (current-buffer)))
  (find-file (concat gt-ws ".glossary-lsp.toml"))
  (goto-char (point-max))
  (insert "\n[rules]\nacronym-before-definition = \"warning\"\n")
  (save-buffer)
  (kill-buffer)
  (switch-to-buffer doc)
  (gt-check "editing .glossary-lsp.toml updates the open document (info -> warning)"
            (gt-wait-types '(eglot-warning) 15) (format "%S" (gt-types)))
  (find-file (concat gt-ws ".glossary-lsp.toml"))
  (goto-char (point-min))
  (re-search-forward "\"warning\"")
  (replace-match "\"off\"")
  (save-buffer)
  (kill-buffer)
  (switch-to-buffer doc)
  (gt-check "... and turning the rule off there clears it" (gt-wait-types nil 15)
            (format "%S" (gt-types))))

;; "Add exception": a selected name is offered; the server, which eglot lets create no files,
;; writes them itself and says which it created; the name is no longer flagged; no error.
(goto-char (point-max))
(insert "This Value Added Reseller program grows.\n")
(eglot--signal-textDocument/didChange)
(gt-check "the name's finding" (gt-wait-types '(eglot-warning)) (format "%S" (gt-types)))
(let* ((beg (gt-pos (- (line-number-at-pos (point-max)) 2) "Value"))
       (end (+ beg (length "Value Added Reseller program")))
       (on-term (mapcar (lambda (a) (plist-get a :title)) (eglot-code-actions beg beg)))
       (actions (eglot-code-actions beg end))
       (title "Add “Value Added Reseller program” to the glossary exceptions")
       (action (cl-find title actions :key (lambda (a) (plist-get a :title)) :test #'equal)))
  (gt-check "no exception offered with the sentence's first word (\"This Value…\")"
            (and on-term (not (cl-some (lambda (t) (string-match-p "exceptions" t)) on-term)))
            (format "%S" on-term))
  (gt-check "the selected name is offered as an exception" action
            (format "%S" (mapcar (lambda (a) (plist-get a :title)) actions)))
  (when action
    (setq gt-messages nil)
    ;; What eglot runs when the action is picked.
    (eglot--dbind ((Command) command arguments) (plist-get action :command)
      (eglot-execute-command (eglot-current-server) (intern command) arguments))
    ;; jsonrpc returns from a request by a throw out of the process filter: messages that came
    ;; in the same read as the reply (the server's message, new diagnostics) wait in the
    ;; process buffer for the next output. An interactive Emacs soon asks something (eldoc);
    ;; do the same.
    (jsonrpc-request (eglot-current-server) :textDocument/hover (eglot--TextDocumentPositionParams))
    (let ((team (concat gt-ws "team-glossary.toml")))
      (gt-check "the exception is in team-glossary.toml, listed in .glossary-lsp.toml"
                (and (file-exists-p team)
                     (with-temp-buffer (insert-file-contents team)
                                       (search-forward "Value Added Reseller program" nil t))
                     (with-temp-buffer (insert-file-contents (concat gt-ws ".glossary-lsp.toml"))
                                       (search-forward "team-glossary.toml" nil t)))))
    (gt-check "the server says which file it created"
              (gt-wait (lambda () (cl-some (lambda (m) (string-match-p "team-glossary.toml (new file" m))
                                           gt-messages)))
              (format "%S" gt-messages))
    (gt-check "the name is no longer flagged" (gt-wait-types nil 15)
              (format "%S" (gt-types)))
    (gt-check "no error message" (not (cl-some (lambda (m) (string-match-p "type=1" m)) gt-messages))
              (format "%S" gt-messages))))

(gt-finish)
;;; emacs_test.el ends here
