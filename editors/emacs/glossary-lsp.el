;;; glossary-lsp.el --- Partner-program glossary terms in Markdown and text, through eglot  -*- lexical-binding: t; -*-

;; URL: https://github.com/glossary-lsp/glossary-lsp (editors/emacs)
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))

;;; Commentary:

;; Registers the `glossary-lsp' language server with eglot for `markdown-mode' (and `gfm-mode'),
;; MDX (`.mdx' files, Docusaurus pages) and plain `text-mode'.  Install the server
;; (`cargo install --path .' in the repository, or put the binary on PATH), then:
;;
;;   (add-to-list 'load-path "/path/to/glossary-lsp/editors/emacs")
;;   (require 'glossary-lsp)
;;   (add-hook 'markdown-mode-hook #'eglot-ensure)
;;   (add-hook 'text-mode-hook #'glossary-lsp-ensure)   ; text-mode itself, not org/rst/...
;;
;; Settings (the keys of .glossary-lsp.toml, plus `:languages' and `:inlayHints'):
;;
;;   (setq glossary-lsp-settings
;;         '(:glossaries ["docs/team-glossary.toml"]
;;           :rules (:context-misuse "off" :acronym-before-definition "warning")))
;;
;; They go to the server as initializationOptions and again after connecting; change them in a
;; running server with M-x glossary-lsp-send-settings.  A .glossary-lsp.toml found walking up from
;; each file is read too; these settings win.
;;
;; MDX: Emacs has no mode for `.mdx' files, so unless another mode is set up for them they open
;; in `markdown-mode' (an `mdx-mode', if you have one, works too); the server reads any `.mdx'
;; file as MDX: the text inside JSX elements is checked, tags, attributes, `import'/`export'
;; lines and `{expressions}' are not.
;;
;; Complete a term with M-TAB (C-M-i, `completion-at-point'): in the buffers it manages,
;; glossary-lsp binds that key to the server's completions instead of `ispell-complete-word'
;; (set `glossary-lsp-complete-key' to nil to keep ispell's), and completes from the start of
;; the word typed (see `glossary-lsp-completion-mode').

;;; Code:

(require 'eglot)
(require 'cl-lib)

(defgroup glossary-lsp nil
  "Partner-program glossary language server."
  :group 'eglot
  :prefix "glossary-lsp-")

(defcustom glossary-lsp-program "glossary-lsp"
  "The glossary-lsp executable: a name on `exec-path' or an absolute file name."
  :type 'string)

(defcustom glossary-lsp-settings
  '(:builtin t :languages ["markdown" "mdx" "plaintext" "text"] :inlayHints :json-false)
  "Settings for the server, as a plist in eglot's JSON form (vectors for lists, `:json-false').
Keys: `:builtin' (use the built-in glossary), `:glossaries' (extra glossary files, relative to
the project root), `:rules' (rule code to \"error\", \"warning\", \"info\", \"hint\" or \"off\"),
`:languages' (language ids checked), `:inlayHints' (show acronym expansions)."
  :type 'sexp)

(defclass glossary-lsp-server (eglot-lsp-server) ()
  :documentation "The glossary-lsp language server.")

(defun glossary-lsp--contact (&optional _interactive)
  "The eglot contact for glossary-lsp."
  (list 'glossary-lsp-server glossary-lsp-program
        :initializationOptions glossary-lsp-settings))

(defun glossary-lsp-send-settings (&optional server)
  "Send `glossary-lsp-settings' to SERVER (default: the current buffer's glossary-lsp)."
  (interactive)
  (let ((server (or server (eglot-current-server))))
    (when (cl-typep server 'glossary-lsp-server)
      (jsonrpc-notify server :workspace/didChangeConfiguration
                      (list :settings (list :glossary-lsp glossary-lsp-settings))))))

(defun glossary-lsp--signal-configuration (orig server)
  "Around `eglot-signal-didChangeConfiguration': for glossary-lsp, send our settings.
eglot sends `eglot-workspace-configuration' after connecting, an empty `{}' when it is unset,
which would replace the settings given as initializationOptions.  A workspace configuration with
a `:glossary-lsp' section is sent as usual (and wins)."
  (if (and (cl-typep server 'glossary-lsp-server)
           (not (plist-get (eglot--workspace-configuration-plist server) :glossary-lsp)))
      (glossary-lsp-send-settings server)
    (funcall orig server)))

(advice-add 'eglot-signal-didChangeConfiguration :around #'glossary-lsp--signal-configuration)

;; Order matters: eglot takes the first entry whose mode the buffer's mode derives from, and
;; markdown-mode derives from text-mode; so the Markdown entry goes in front.  eglot 1.9 gives a
;; server one languageId, so Markdown and text get a server each.
(add-to-list 'eglot-server-programs '(text-mode . glossary-lsp--contact))
(add-to-list 'eglot-server-programs
             '(((markdown-mode :language-id "markdown") (gfm-mode :language-id "markdown")
                (mdx-mode :language-id "mdx"))
               . glossary-lsp--contact))

;; `.mdx' files in `markdown-mode', unless some mode is already set up for them.
(unless (assoc-default "page.mdx" auto-mode-alist #'string-match-p)
  (add-to-list 'auto-mode-alist '("\\.mdx\\'" . markdown-mode)))

(defcustom glossary-lsp-complete-key t
  "Whether M-TAB (C-M-i) completes glossary terms in buffers glossary-lsp manages.
`text-mode' and `markdown-mode' bind M-TAB to `ispell-complete-word', which completes
dictionary words, not glossary terms; with this on, `glossary-lsp-completion-mode' binds it to
`completion-at-point' (the server's completions) in those buffers only."
  :type 'boolean)

(defvar glossary-lsp-completion-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-M-i") #'completion-at-point)
    map)
  "Keys of `glossary-lsp-completion-mode': M-TAB (C-M-i) runs `completion-at-point'.")

(define-minor-mode glossary-lsp-completion-mode
  "Complete glossary terms with M-TAB (C-M-i), instead of `ispell-complete-word'.
Completion in the buffer matches what was typed as a prefix (`basic' and
`partial-completion' styles for eglot's candidates, in this buffer only): with eglot's
default `flex' style, eglot 1.9 leaves point inside the word when a sole candidate is
completed and then mangles the line as it applies the server's edit (\"Ask our ambas\" became
\"Ask mbasambassador\"); glossary terms are completed from their start anyway."
  :lighter nil
  :keymap glossary-lsp-completion-mode-map
  (if glossary-lsp-completion-mode
      (setq-local completion-category-overrides
                  (cons '(eglot (styles basic partial-completion))
                        (assq-delete-all 'eglot (copy-sequence completion-category-overrides))))
    (kill-local-variable 'completion-category-overrides)))

(defun glossary-lsp--managed-hook ()
  "Turn `glossary-lsp-completion-mode' on in buffers managed by glossary-lsp (and off after)."
  (let ((ours (and (bound-and-true-p eglot--managed-mode)
                   (cl-typep (eglot-current-server) 'glossary-lsp-server))))
    (glossary-lsp-completion-mode (if (and ours glossary-lsp-complete-key) 1 -1))))

(add-hook 'eglot-managed-mode-hook #'glossary-lsp--managed-hook)

;;;###autoload
(defun glossary-lsp-ensure ()
  "Start eglot with glossary-lsp in Markdown, MDX and plain `text-mode' buffers (for mode hooks)."
  (when (memq major-mode '(markdown-mode gfm-mode mdx-mode text-mode))
    (eglot-ensure)))

(provide 'glossary-lsp)
;;; glossary-lsp.el ends here
