import { Pagination, usePagination } from '@digdir/designsystemet-react';
import type { OversightText } from '../../i18n/namespaces.js';

/** Pages of a list, as the staff case list pages. */
export function Paging({ page, totalPages, onPage, text }: { page: number; totalPages: number; onPage: (page: number) => void; text: OversightText }) {
  const { pages, prevButtonProps, nextButtonProps } = usePagination({ currentPage: Math.min(page, totalPages), totalPages, showPages: 7, setCurrentPage: onPage });
  if (totalPages <= 1) return null;
  return (
    <Pagination aria-label={text('common.pagination')}>
      <Pagination.List>
        <Pagination.Item>
          <Pagination.Button {...prevButtonProps}>{text('common.previous')}</Pagination.Button>
        </Pagination.Item>
        {pages.map(({ page: number, itemKey, buttonProps }) => (
          <Pagination.Item key={itemKey}>
            {typeof number === 'number' && (
              <Pagination.Button {...buttonProps} aria-label={text('common.page', { page: number })}>
                {number}
              </Pagination.Button>
            )}
          </Pagination.Item>
        ))}
        <Pagination.Item>
          <Pagination.Button {...nextButtonProps}>{text('common.next')}</Pagination.Button>
        </Pagination.Item>
      </Pagination.List>
    </Pagination>
  );
}
